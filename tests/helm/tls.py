"""A TLS handshake in memory: does a client trusting only `ca` accept `cert` for `server_name`?"""

from __future__ import annotations

import ssl
import tempfile
from pathlib import Path


def handshake(ca_pem: str, cert_pem: str, key_pem: str, server_name: str) -> None:
    """Raises ssl.SSLError (e.g. certificate verify failed) unless the chain and name verify."""
    with tempfile.TemporaryDirectory() as workdir:
        cert_file, key_file = Path(workdir, "tls.crt"), Path(workdir, "tls.key")
        cert_file.write_text(cert_pem)
        key_file.write_text(key_pem)
        server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_context.load_cert_chain(cert_file, key_file)
    client_context = ssl.create_default_context(cadata=ca_pem)  # only this CA is trusted

    c_in, c_out, s_in, s_out = (ssl.MemoryBIO() for _ in range(4))
    client = client_context.wrap_bio(c_in, c_out, server_hostname=server_name)
    server = server_context.wrap_bio(s_in, s_out, server_side=True)
    done = {"client": False, "server": False}
    for _ in range(20):
        for name, side in (("client", client), ("server", server)):
            if not done[name]:
                try:
                    side.do_handshake()
                    done[name] = True
                except ssl.SSLWantReadError:
                    pass
        s_in.write(c_out.read())
        c_in.write(s_out.read())
        if all(done.values()):
            return
    raise AssertionError("TLS handshake did not finish")
