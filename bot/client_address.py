"""Who sent a request, for the log: the peer, or behind a trusted reverse proxy the client it
names. ``X-Forwarded-For`` is anyone's to write, so it is believed only from TRUSTED_PROXIES
(and then read from the right, where the proxies appended what they saw)."""

from __future__ import annotations

import ipaddress

from aiohttp import web

from bot.settings_web import Network

TRUSTED_PROXIES = web.AppKey("trusted_proxies", tuple[Network, ...])


def client_address(request: web.Request) -> str:
    peer = request.remote or "unknown"
    trusted = request.app.get(TRUSTED_PROXIES, ())
    if not trusted or not _within(peer, trusted):
        return peer
    hops = [hop.strip() for hop in request.headers.getall("X-Forwarded-For", [])]
    chain = [part.strip() for hop in hops for part in hop.split(",") if part.strip()]
    for hop in reversed(chain):
        if not _within(hop, trusted):
            return _printable(hop)
    return peer


def _within(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _printable(hop: str) -> str:
    """An address as a proxy wrote it, kept to what an address may contain."""
    try:
        return str(ipaddress.ip_address(hop))
    except ValueError:
        return repr(hop[:64])
