#!/usr/bin/env python3
# Re-runs the README's `$ ...` examples as tests/readme.rs does (each command as written,
# stderr with stdout, `/tmp/` in a folder of its own, `mutua index` with a fresh cache) and
# rewrites their output in place. Examples whose output the README elides with `…`, or
# that need files the reader writes or the data sets beside the repository, are kept as
# they are: edit those by hand.
import os, subprocess, sys, tempfile
root = sys.argv[1] if len(sys.argv) > 1 else '.'
os.chdir(root)
binary = os.path.abspath(os.environ.get('MUTUA_BIN', 'target/debug/mutua'))
env = dict(os.environ)
env['PATH'] = os.path.dirname(binary) + ':' + env['PATH']
home = tempfile.mkdtemp()
tmp = os.path.join(home, 'tmp')
os.mkdir(tmp)
env['NO_COLOR'] = '1'
env['MUTUA_DATA_DIR'] = os.path.join(home, 'data')
lines = open('README.md').read().split('\n')
out = []
i = 0
in_console = False
def skip(cmd, expected):
    return '…' in expected or '../shared' in cmd or 'typo.yaml' in cmd
while i < len(lines):
    line = lines[i]
    if line.startswith('```'):
        in_console = line == '```console'
        out.append(line); i += 1; continue
    if in_console and line.startswith('$ '):
        cmd = line[2:]
        j = i + 1
        while j < len(lines) and not lines[j].startswith('$ ') and not lines[j].startswith('```'):
            j += 1
        expected = '\n'.join(lines[i+1:j])
        out.append(line)
        if skip(cmd, expected):
            out.extend(lines[i+1:j])
        else:
            run_env = dict(env)
            run_env['MUTUA_CACHE_DIR'] = (tempfile.mkdtemp() if cmd.startswith('mutua index')
                                          else os.path.join(home, 'index'))
            r = subprocess.run(['sh', '-c', '{ ' + cmd.replace('/tmp/', tmp + '/') + '\n} 2>&1'],
                               capture_output=True, text=True, env=run_env)
            text = r.stdout.replace(tmp, '/tmp').rstrip('\n')
            text = '\n'.join(l.rstrip() for l in text.split('\n'))
            # keep a blank line before the next command if there was one
            trailing_blank = j > i + 1 and lines[j-1] == '' and j < len(lines) and lines[j].startswith('$ ')
            out.extend(text.split('\n') if text else [])
            if trailing_blank:
                out.append('')
        i = j
        continue
    out.append(line); i += 1
open('README.md', 'w').write('\n'.join(out))
