// Runs in the lab's gateway namespace: holds one TCP connection to the device and notes when data arrives.
// On SIGTERM prints JSON { connected, closed, error, times } (ms since epoch of each chunk received).
import net from 'node:net';

const [host = '192.168.1.252', port = '5001'] = process.argv.slice(2);
const out = { connected: false, closed: false, error: null, times: [] };
const sock = net.connect({ host, port: Number(port) }, () => {
  out.connected = true;
});
sock.on('data', () => out.times.push(Date.now()));
sock.on('error', (e) => {
  out.error = e.code ?? e.message;
});
sock.on('close', () => {
  out.closed = true;
});
process.on('SIGTERM', () => {
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
});
