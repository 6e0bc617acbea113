# Starts two moto S3 servers on 127.0.0.1 for the remote-storage tests and exports where they
# are: GHIRBAL_TEST_S3_ENDPOINT and GHIRBAL_TEST_S3_BUCKET (any credentials accepted), and
# GHIRBAL_TEST_S3_AUTH_ENDPOINT with GHIRBAL_TEST_S3_AUTH_KEY_ID / _SECRET (signatures checked,
# for the wrong-secret test; see scripts/remote/moto_setup.py for why there are two).
# The tests skip when GHIRBAL_TEST_S3_ENDPOINT is unset (plain `cargo test`).
# Sourced by scripts/test.sh with $PY, $VENV, $GHIRBAL_CACHE and on_exit set.
mkdir -p "$GHIRBAL_CACHE/remote"
remote_start() { # remote_start NAME: starts a server, sets $remote_url
  local port pid
  port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" > "$GHIRBAL_CACHE/remote/moto-$1.log" 2>&1 &
  pid=$!
  on_exit "kill $pid 2>/dev/null"
  remote_url="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    "$PY" -c "import urllib.request; urllib.request.urlopen('$remote_url/moto-api/')" 2>/dev/null && break
    sleep 0.1
  done
}
export GHIRBAL_TEST_S3_BUCKET=ghirbal-test
remote_start open
export GHIRBAL_TEST_S3_ENDPOINT=$remote_url
"$PY" scripts/remote/moto_setup.py "$GHIRBAL_TEST_S3_ENDPOINT" "$GHIRBAL_TEST_S3_BUCKET"
remote_start auth
export GHIRBAL_TEST_S3_AUTH_ENDPOINT=$remote_url
eval "$("$PY" scripts/remote/moto_setup.py "$GHIRBAL_TEST_S3_AUTH_ENDPOINT" "$GHIRBAL_TEST_S3_BUCKET" --auth)"
echo "== moto S3 servers on $GHIRBAL_TEST_S3_ENDPOINT and $GHIRBAL_TEST_S3_AUTH_ENDPOINT" >&2
