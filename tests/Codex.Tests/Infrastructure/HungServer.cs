using System.Net;
using System.Net.Sockets;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// A server on loopback that accepts every connection and never says a word: a hung database or worker, as the
/// network sees one (the connection opens, no answer comes).
/// </summary>
public sealed class HungServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];

    public HungServer()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptSocketAsync();
                    lock (_held) _held.Add(socket);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public void Dispose()
    {
        _listener.Stop();
        lock (_held) foreach (var socket in _held) socket.Dispose();
    }
}
