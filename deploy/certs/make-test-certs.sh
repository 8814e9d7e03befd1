#!/usr/bin/env bash
# Makes a throw-away CA and certificates for every role in every city, for tests and local
# development. NOT for production: docs/operations.md says how a real deployment issues
# certificates (an offline CA per zone, one key per principal, short lifetimes).
#
#   deploy/certs/make-test-certs.sh OUT_DIR [CITY ...]            (default cities: the three)
#   deploy/certs/make-test-certs.sh OUT_DIR --one NAME URI [DAYS]  (one more client cert)
#
# A principal is the certificate's URI SAN: innoledger://<city>/<role>/<entity>
# (auditors and zone admins use the city "zone"). Node certificates also carry
# DNS:localhost and IP:127.0.0.1 so they can serve on loopback.
set -euo pipefail

out=${1:?usage: make-test-certs.sh OUT_DIR [CITY ...]}
shift
mkdir -p "$out"
cd "$out"

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

make_ca() {  # make_ca NAME
  [ -f "$1.crt" ] && return
  new_key "$1.key"
  openssl req -x509 -new -key "$1.key" -out "$1.crt" -days 3650 -subj "/O=innoledger test/CN=$1" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

# issue NAME SAN [DAYS] [CA]: a leaf certificate signed by CA (default: ca).
issue() {
  local name=$1 san=$2 days=${3:-825} ca=${4:-ca}
  new_key "$name.key"
  openssl req -new -key "$name.key" -out "$name.csr" -subj "/O=innoledger test/CN=$name" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n' \
    "$san" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA "$ca.crt" -CAkey "$ca.key" -CAcreateserial \
    -out "$name.crt" -days "$days" -extfile "$name.ext" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

make_ca ca
if [ "${1:-}" = "--one" ]; then
  issue "$2" "URI:$3" "${4:-825}"
  exit 0
fi

cities=("$@")
[ ${#cities[@]} -gt 0 ] || cities=(urumqi changji shihezi)
for city in "${cities[@]}"; do
  issue "$city-node" "URI:innoledger://$city/node/$city-node,DNS:localhost,IP:127.0.0.1"
  for role in bureau provider enterprise finance settlement admin; do
    issue "$city-$role" "URI:innoledger://$city/$role/$city-$role"
  done
done
issue zone-auditor "URI:innoledger://zone/auditor/zone-auditor"
issue zone-admin "URI:innoledger://zone/admin/zone-admin"

# For the refusal tests: a certificate that has expired, and one from a CA nobody trusts
# that claims a real principal (a forgery).
issue expired "URI:innoledger://${cities[0]}/bureau/expired" 0
make_ca other-ca
issue forged "URI:innoledger://${cities[0]}/admin/${cities[0]}-admin" 825 other-ca
echo "certificates in $(pwd)"
