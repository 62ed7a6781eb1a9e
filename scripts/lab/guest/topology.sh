#!/bin/sh
# Guest-side: the lab network. Namespace gw = the router: bridge br0 192.168.1.1/24 (the gateway), the peer of
# eth0, and the WPA2 AP on the second hwsim radio. The device side starts in the reference "standard method".
set -eu
G=/lab/ck/scripts/lab/guest
mkdir -p /run/bondify-lab
# bondify writes /etc/modprobe.d/bondify.conf (max_bonds=0); the lab preloads bonding the same way so the kernel
# never makes a balance-rr bond0 of its own.
modprobe bonding max_bonds=0
modprobe mac80211_hwsim radios=2
# WPA2's CCMP needs these in the guest or hostapd fails with "key addition failed".
modprobe -a veth bridge ccm ctr cmac aes_generic

# A boot with QEMU's wired pair (lib/qemu.mjs) keeps virtio_net from auto-loading; should it load anyway, its
# links give up the eth names this topology uses (the rename steps find them by MAC).
n=0
for d in /sys/class/net/*; do
  case "$(readlink "$d/device/driver" 2>/dev/null || true)" in
    */virtio_net) ip link set dev "${d##*/}" down; ip link set dev "${d##*/}" name "wired$n"; n=$((n + 1)) ;;
  esac
done

ip netns add gw
ip -n gw link set lo up
ip -n gw link add br0 type bridge forward_delay 0 stp_state 0
ip -n gw addr add 192.168.1.1/24 dev br0
ip -n gw link set br0 up
ip link add eth0 type veth peer name veth-eth0 netns gw
ip -n gw link set veth-eth0 master br0 up

# The AP radio: the phy behind wlan1 moves into gw (its netdev goes with it).
phy=$(cat /sys/class/net/wlan1/phy80211/name)
iw phy "$phy" set netns name gw
cp $G/hostapd.conf /run/bondify-lab/hostapd.conf

mkdir -p /etc/wpa_supplicant /etc/systemd/system/multi-user.target.wants
cp $G/wpa_supplicant-wlan0.conf /etc/wpa_supplicant/wpa_supplicant-wlan0.conf
ln -sf /lib/systemd/system/wpa_supplicant@.service /etc/systemd/system/multi-user.target.wants/wpa_supplicant@wlan0.service

mkdir -p /etc/systemd/network
# The starting files the run asked for (lib/standard.mjs writes results/standard): the reference guide's static
# ones, or Arch Linux ARM's stock DHCP ones with the router's DHCP server and RAs started before networkd.
standard=$(cat /lab/results/standard 2>/dev/null || echo reference)
echo "$standard" > /run/bondify-lab/standard
case "$standard" in
  arch-dhcp)
    cp $G/standard-arch-dhcp/eth.network $G/standard-arch-dhcp/en.network $G/standard-arch-dhcp/wlan0.network /etc/systemd/network/
    sh $G/dhcp-server.sh start
    ;;
  *) cp $G/standard-method/eth0.network $G/standard-method/wlan0.network /etc/systemd/network/ ;;
esac
echo "topology: ready"
