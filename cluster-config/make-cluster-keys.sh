#!/usr/bin/env bash
# Makes the keys for TLS between the nodes of a Sluice cluster, with the JDK's keytool only:
# a private cluster CA, one PKCS12 key store per node holding that node's key and a certificate
# signed by the CA (for its address), and a trust store holding the CA's certificate.
#
#   cluster-config/make-cluster-keys.sh DIR NODE [NODE...]
#
# NODE is the node's address as the other nodes reach it (its SLUICE_HOST: an IP or a DNS name),
# or NAME=ADDRESS to name its folder otherwise (two nodes on one address need two names). The
# address goes into the certificate's subject alternative name, which the connecting node checks
# (hostname verification). Writes:
#   DIR/ca.p12             the CA's private key: keep it here, never on a VM
#   DIR/ca.crt             the CA's certificate
#   DIR/truststore.p12     the CA's certificate, for every node
#   DIR/NAME/node.p12      one per node: its key and certificate
#   DIR/password           the password of all these stores (mode 0600), unless given
# The password is $SLUICE_TLS_PASSWORD when set, else the one in DIR/password, else a new random
# one. Run it again with the same DIR to add nodes signed by the same CA; a node that already
# has a key store keeps it. Validity: SLUICE_TLS_DAYS (default 1095) for nodes, 3650 for the CA.
set -euo pipefail

usage() {
  echo "usage: $0 DIR NODE [NODE...]   (NODE: an address, or NAME=ADDRESS)" >&2
  exit 2
}
[ $# -ge 2 ] || usage
command -v keytool >/dev/null || { echo "keytool (from the JDK) is not on the PATH" >&2; exit 2; }

dir=$1
shift
days=${SLUICE_TLS_DAYS:-1095}
umask 077
mkdir -p "$dir"

if [ -n "${SLUICE_TLS_PASSWORD:-}" ]; then
  password=$SLUICE_TLS_PASSWORD
elif [ -s "$dir/password" ]; then
  password=$(cat "$dir/password")
else
  password=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" > "$dir/password"
  chmod 0600 "$dir/password"
fi
[ ${#password} -ge 6 ] || { echo "SLUICE_TLS_PASSWORD: keytool needs at least 6 characters" >&2; exit 2; }
# keytool reads the password from the environment, never from its command line (visible in ps)
export SLUICE_KEYS_PASSWORD=$password
# (a short-lived JVM each time: no optimizing compiler, the serial collector)
kt() { keytool -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -storetype PKCS12 -storepass:env SLUICE_KEYS_PASSWORD "$@"; }

# Check every node before making anything.
names=()
addresses=()
for node in "$@"; do
  if [[ $node == *=* ]]; then name=${node%%=*}; address=${node#*=}; else name=$node; address=$node; fi
  [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || { echo "$node: the name may hold letters, digits, '.', '_' and '-' only" >&2; exit 2; }
  [[ $address =~ ^[A-Za-z0-9.:-]+$ ]] || { echo "$node: '$address' is not an IP address or a host name" >&2; exit 2; }
  names+=("$name")
  addresses+=("$address")
done

if [ -f "$dir/ca.p12" ] && ! kt -list -keystore "$dir/ca.p12" >/dev/null 2>&1; then
  echo "$dir/ca.p12: the password does not open it (SLUICE_TLS_PASSWORD or $dir/password)" >&2
  exit 2
fi
if [ ! -f "$dir/ca.p12" ]; then
  kt -genkeypair -keystore "$dir/ca.p12" -alias ca -keyalg EC -groupname secp256r1 -validity 3650 \
    -dname "CN=Sluice cluster CA $(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -ext bc:c=ca:true,pathlen:0 -ext ku:c=keyCertSign,cRLSign
  echo "made the cluster CA: $dir/ca.p12"
fi
kt -exportcert -rfc -keystore "$dir/ca.p12" -alias ca -file "$dir/ca.crt"
if [ ! -f "$dir/truststore.p12" ]; then
  kt -importcert -noprompt -keystore "$dir/truststore.p12" -alias sluice-cluster-ca -file "$dir/ca.crt" >/dev/null 2>&1
fi

for i in "${!names[@]}"; do
  name=${names[$i]}
  address=${addresses[$i]}
  if [[ $address =~ ^[0-9.]+$ || $address == *:* ]]; then san="ip:$address"; else san="dns:$address"; fi
  store="$dir/$name/node.p12"
  if [ -f "$store" ]; then
    echo "kept $store (delete it to make a new one)"
    continue
  fi
  mkdir -p "$dir/$name"
  work=$(mktemp -d "$dir/$name/.make.XXXXXX")
  kt -genkeypair -keystore "$work/node.p12" -alias node -keyalg EC -groupname secp256r1 -validity "$days" \
    -dname "CN=$name, OU=Sluice cluster node"
  kt -certreq -keystore "$work/node.p12" -alias node -file "$work/node.csr"
  kt -gencert -keystore "$dir/ca.p12" -alias ca -infile "$work/node.csr" -outfile "$work/node.crt" -rfc \
    -validity "$days" -ext "san=$san" -ext ku:c=digitalSignature,keyAgreement -ext eku=serverAuth,clientAuth
  # the signed certificate goes in with its chain (node, then CA), which peers are sent in the handshake
  cat "$work/node.crt" "$dir/ca.crt" > "$work/chain.pem"
  kt -importcert -noprompt -keystore "$work/node.p12" -alias node -file "$work/chain.pem" >/dev/null
  mv "$work/node.p12" "$store"
  rm -rf "$work"
  echo "made $store for $address ($san)"
done

chmod 0644 "$dir/ca.crt" "$dir/truststore.p12"
cat <<EOF

Copy to each node, readable by root and the service's group only:
EOF
for i in "${!names[@]}"; do
  name=${names[$i]}
  echo "  ${addresses[$i]}: $dir/$name/node.p12 -> /etc/sluice/node.p12, $dir/truststore.p12 -> /etc/sluice/truststore.p12"
done
cat <<EOF
  e.g.  install -m 0640 -o root -g sluice node.p12 truststore.p12 /etc/sluice/
and set in /etc/sluice/sluice.env on every node:
  SLUICE_TLS_KEY_STORE=/etc/sluice/node.p12
  SLUICE_TLS_TRUST_STORE=/etc/sluice/truststore.p12
  SLUICE_TLS_PASSWORD=<the password$( [ -n "${SLUICE_TLS_PASSWORD:-}" ] && echo " you gave in SLUICE_TLS_PASSWORD" || echo " in $dir/password" )>
Keep $dir/ca.p12 (the CA's private key) off the nodes: whoever has it can make a node.
EOF
