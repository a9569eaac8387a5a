#!/usr/bin/env bash
# Installs the Step Functions peers lintkit is compared with into bench/peers/.peers
# (git-ignored; their code is never committed):
#   statelint      Ruby gem (awslabs)  -> .peers/bin/statelint
#   asl-validator  npm package         -> .peers/bin/asl-validator-driver (JSON per file)
# Ruby comes from the system package manager when it is missing (Debian: apt-get).
#
# When rubygems.org cannot be reached, statelint can run from source checkouts of
# awslabs/statelint and awslabs/j2119: set STATELINT_SRC and J2119_SRC to them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/.peers"
mkdir -p "$dest/gems" "$dest/node" "$dest/bin"

if ! command -v ruby >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq ruby >/dev/null
  else
    echo "ruby is missing and apt-get is not available: install Ruby first" >&2
    exit 1
  fi
fi
if GEM_HOME="$dest/gems" gem install --no-document --quiet statelint; then
  cat > "$dest/bin/statelint" <<WRAP
#!/usr/bin/env bash
GEM_HOME="$dest/gems" exec "$dest/gems/bin/statelint" "\$@"
WRAP
elif [[ -n "${STATELINT_SRC:-}" && -n "${J2119_SRC:-}" ]]; then
  echo "rubygems.org unreachable: statelint runs from $STATELINT_SRC with j2119 from $J2119_SRC" >&2
  cat > "$dest/bin/statelint" <<WRAP
#!/usr/bin/env bash
exec ruby -I "$J2119_SRC/lib" -I "$STATELINT_SRC/lib" "$STATELINT_SRC/bin/statelint" "\$@"
WRAP
else
  echo "statelint: the gem could not be installed; set STATELINT_SRC and J2119_SRC" >&2
  exit 1
fi
chmod +x "$dest/bin/statelint"

npm install --silent --prefix "$dest/node" asl-validator
cat > "$dest/bin/asl-validator-driver" <<WRAP
#!/usr/bin/env bash
exec node "$here/asl_validator_driver.js" "$dest/node/node_modules" "\$@"
WRAP
chmod +x "$dest/bin/asl-validator-driver"
echo "asl-validator $(node -p "require('$dest/node/node_modules/asl-validator/package.json').version")"
