# Sourced by the scripts that run Node (test, demo, bench, with-services): puts the project's
# Node (the npm `node` package `npm ci` installs, the version in .nvmrc) first on PATH, so
# `node`, `npx` and `tsx` run on it even when the shell's own Node is older, and says so
# plainly when it is missing. npm scripts already have node_modules/.bin first on PATH.
project_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ":$PATH:" in
  *":$project_root/node_modules/.bin:"*) ;;
  *) export PATH="$project_root/node_modules/.bin:$PATH" ;;
esac
project_node_major=$(tr -dc '0-9' < "$project_root/.nvmrc")
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "$project_node_major" ]; then
  echo "Copper needs Node.js $project_node_major (see .nvmrc); found $(node --version 2>/dev/null || echo none). Run \`npm ci\`: it installs it." >&2
  exit 1
fi
