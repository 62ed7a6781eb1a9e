// The .network files a stock Arch Linux ARM image ships (and the wlan0.network its wiki tells a wifi user to write),
// verbatim: what `bondify init` must read and `rollback` must give back byte for byte.
export const STOCK_ARCH: Record<string, string> = {
  '/etc/systemd/network/eth.network': '[Match]\nName=eth*\n\n[Network]\nDHCP=yes\n',
  '/etc/systemd/network/en.network': '[Match]\nName=en*\n\n[Network]\nDHCP=yes\n',
  '/etc/systemd/network/wlan0.network': '[Match]\nName=wlan0\n\n[Network]\nDHCP=yes\n',
};
