# Sourced by the validation scripts: two network namespaces joined by a veth pair.
#
#   . "$(dirname "$0")/netns-pair.sh"
#   netns_pair_create      # $NS_A (10.99.0.1, device vA) and $NS_B (10.99.0.2, device vB)
#   netns_pair_remove      # also runs on exit, whatever happens
#
# The names carry the script's PID, so parallel runs do not collide; traffic never leaves them.

[ "$(id -u)" -eq 0 ] || { echo "$0: needs root (network namespaces)" >&2; exit 1; }
NS_A="tdA$$"
NS_B="tdB$$"
NETNS_WORK="$(mktemp -d)"

netns_pair_remove() {
    ip netns del "$NS_A" 2>/dev/null || true
    ip netns del "$NS_B" 2>/dev/null || true
}
trap 'netns_pair_remove; rm -rf "$NETNS_WORK"' EXIT

netns_pair_create() {
    netns_pair_remove
    ip netns add "$NS_A"
    ip netns add "$NS_B"
    ip link add vA netns "$NS_A" type veth peer name vB netns "$NS_B"
    ip -n "$NS_A" addr add 10.99.0.1/24 dev vA
    ip -n "$NS_B" addr add 10.99.0.2/24 dev vB
    ip -n "$NS_A" link set vA up
    ip -n "$NS_B" link set vB up
}
