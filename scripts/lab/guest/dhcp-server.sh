#!/bin/sh
# Guest-side: the router's DHCPv4 server and IPv6 router advertisements (dnsmasq in namespace gw, on br0), for the
# `arch-dhcp` standard. `dhcp-server.sh start [MAC]` (re)starts it, with a reservation of 192.168.1.252 for MAC when
# given (the usual home router's way); `stop` ends it. Leases and the log are under /run/bondify-lab/dhcp/.
set -eu
D=/run/bondify-lab/dhcp
PID=$D/dnsmasq.pid
stop() {
  if [ -s $PID ]; then
    kill "$(cat $PID)" 2>/dev/null || true
    # dnsmasq removes nothing on exit: wait for the process itself, so a restart can bind the ports again.
    i=0
    while kill -0 "$(cat $PID 2>/dev/null)" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    rm -f $PID
  fi
}
case "${1:-}" in
  start)
    stop
    mkdir -p $D
    # The router's IPv6 address: dnsmasq's constructor:br0 takes the RA prefix (fd00:1::/64) from it. nodad: no
    # 1-2 s wait for duplicate address detection before dnsmasq can use it.
    ip -n gw -6 addr replace fd00:1::1/64 dev br0 nodad
    set -- --conf-file=/dev/null --interface=br0 --bind-interfaces --port=0 \
      --dhcp-range=192.168.1.100,192.168.1.200,255.255.255.0,2m \
      --dhcp-range=::,constructor:br0,ra-only --enable-ra \
      --dhcp-leasefile=$D/leases --pid-file=$PID --log-dhcp --log-facility=$D/dnsmasq.log \
      --user=root --group=root ${2:+--dhcp-host=$2,192.168.1.252}
    # The leases of the previous case go with it: each case starts from a router that has seen no client.
    : > $D/leases
    echo "dnsmasq $*" >> $D/dnsmasq.log
    ip netns exec gw /usr/sbin/dnsmasq "$@"
    ;;
  stop) stop ;;
  *)
    echo "usage: dhcp-server.sh start [MAC] | stop" >&2
    exit 64
    ;;
esac
