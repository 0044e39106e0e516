# Puts a Node that package.json's engines accept (22.15 or newer) first on PATH, in this shell.
#
#   . scripts/use-node.sh && npm install
#
# Why: Electron 42 and its tools (electron-builder's @electron/rebuild, @electron/get) require
# Node 22.12 or newer (the tests, 22.15: process.threadCpuUsage), and a machine may run an older Node (Debian 13's is 20). Where the `node`
# on PATH is new enough this does nothing. Otherwise it installs the release line named in .nvmrc
# from npm's own binary package (node-<platform>-<arch>, the official build, headers included)
# into .tools/node/ once, puts it first on PATH, and points npm's nodedir at its headers so that
# native modules (better-sqlite3) are compiled for the Node that will load them.
# Meant to be sourced: it changes PATH and npm_config_nodedir of the calling shell.

xdm_use_node() {
  local root line platform arch package prefix
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if command -v node >/dev/null 2>&1 &&
    node -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 22 || (major === 22 && minor >= 15) ? 0 : 1)'; then
    return 0
  fi
  line="$(tr -d '[:space:]' <"$root/.nvmrc")"
  case "$(uname -s)" in
    Linux) platform=linux ;;
    Darwin) platform=darwin ;;
    *) echo "use-node: install Node $line or newer yourself on $(uname -s)" >&2; return 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "use-node: no Node package for $(uname -m); install Node $line or newer yourself" >&2; return 1 ;;
  esac
  package="node-$platform-$arch"
  prefix="$root/.tools/node"
  if [[ ! -x "$prefix/bin/node" ]]; then
    echo "use-node: installing Node $line ($package) into .tools/node" >&2
    npm install --global --prefix "$prefix" --no-audit --no-fund --loglevel=error "$package@$line" >&2 || return 1
  fi
  export PATH="$prefix/bin:$PATH"
  export npm_config_nodedir="$prefix/lib/node_modules/$package"
  echo "use-node: using Node $(node --version) from .tools/node" >&2
}

xdm_use_node
