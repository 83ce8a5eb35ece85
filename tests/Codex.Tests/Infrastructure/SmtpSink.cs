using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// A minimal SMTP server on loopback that accepts every message and keeps its raw DATA: the "any SMTP server"
/// that <c>Smtp__Host</c> may point at, without installing one. No TLS, no AUTH: MailKit then sends in plain text.
/// Recipients named <c>reject-…</c> are refused for good (550) and <c>greylist-…</c> for now (451).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>A server on <paramref name="port"/>, or on a free port (0).</summary>
    public SmtpSink(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// False: the server is "down" for mail: it greets every connection with <c>421</c> (service not available) and
    /// hangs up, as a mail server that is restarting does. The port stays this sink's, so no other process takes it.
    /// </summary>
    public bool Accepting { get; set; } = true;

    /// <summary>True: the server takes connections and then says nothing at all (a hung mail server).</summary>
    public bool Hanging { get; set; }

    /// <summary>Each message received: envelope recipients and the raw message text.</summary>
    public List<(List<string> To, string Data)> Messages { get; } = [];

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        if (Hanging)
        {
            try { await Task.Delay(Timeout.Infinite, _stop.Token); } catch (OperationCanceledException) { }
            return;
        }
        if (!Accepting)
        {
            await writer.WriteLineAsync("421 4.3.2 Service not available, closing transmission channel");
            return;
        }
        await writer.WriteLineAsync("220 sink ready");
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (command)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-sink");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO": await writer.WriteLineAsync("250 sink"); break;
                case "MAIL": to = []; await writer.WriteLineAsync("250 OK"); break;
                case "RCPT":
                    var recipient = line[(line.IndexOf(':') + 1)..].Trim(' ', '<', '>');
                    // Addresses that ask for it get the answers real servers give: unknown user, greylisting.
                    if (recipient.StartsWith("reject-", StringComparison.Ordinal)) await writer.WriteLineAsync("550 5.1.1 User unknown");
                    else if (recipient.StartsWith("greylist-", StringComparison.Ordinal)) await writer.WriteLineAsync("451 4.7.1 Greylisted, try again later");
                    else
                    {
                        to.Add(recipient);
                        await writer.WriteLineAsync("250 OK");
                    }
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } body && body != ".") data.AppendLine(body.StartsWith("..") ? body[1..] : body);
                    lock (Messages) Messages.Add((to, data.ToString()));
                    await writer.WriteLineAsync("250 queued");
                    break;
                case "QUIT": await writer.WriteLineAsync("221 bye"); return;
                default: await writer.WriteLineAsync("250 OK"); break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
    }
}
