# Shared by the scripts: where installed tools live, on PATH.
# binaryen (wasm-opt) comes from npm into a cache outside the work tree, so
# a fresh clone on a warm machine does not install it again.
SEEDBED_TOOLS="${SEEDBED_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/seedbed/tools}"
export PATH="$SEEDBED_TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
