# A real terminal for a command, for tests: `python3 pty-relay.py CMD [ARG...]` runs CMD (argv, no shell) with a
# pseudo-terminal (80x24) as its controlling terminal and stdin/stdout/stderr, copies this process's stdin to the
# terminal as keystrokes and the terminal's output to stdout, and exits with CMD's exit status.
# Node cannot open a pty without a native addon; python3's pty module (on the host, so also in the lab guest) can.
import fcntl, os, pty, select, struct, sys, termios

pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
    os.execvp(sys.argv[1], sys.argv[1:])
typing = True
while True:
    ready = select.select([fd] + ([0] if typing else []), [], [])[0]
    if fd in ready:
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: every process holding the terminal has closed it
            data = b''
        if not data:
            break
        os.write(1, data)
    if 0 in ready:
        keys = os.read(0, 4096)
        if keys:
            os.write(fd, keys)
        else:
            typing = False
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
