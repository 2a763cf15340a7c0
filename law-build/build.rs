//! The shared source files leave out what only the binary has (the corpus built into it,
//! the hashes computed by mutua's build script) when compiled here.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(mutua_build)");
    println!("cargo::rustc-cfg=mutua_build");
}
