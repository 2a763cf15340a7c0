fn main() {
    let cli = mutua::cli::parse();
    let format = cli.format();
    let code = match mutua::cli::run(cli) {
        Ok(()) => 0,
        Err(e) => {
            mutua::report::errors(&e, format);
            e.exit_code()
        }
    };
    std::process::exit(code);
}
