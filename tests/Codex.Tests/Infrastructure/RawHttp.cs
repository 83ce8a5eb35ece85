using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// A request that claims a body larger than the server accepts (<c>Content-Length</c> past Kestrel's
/// <c>MaxRequestBodySize</c>) and sends only its first bytes: the server answers before reading the rest, which
/// <see cref="HttpClient"/> cannot show (it fails while still uploading).
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    public static async Task<Answer> PostOversizedAsync(Uri server, string path, string contentType, long claimedLength,
        IDictionary<string, string>? headers = null, string bodyStart = "")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        stream.ReadTimeout = 15_000;
        var head = new StringBuilder()
            .Append($"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nContent-Length: {claimedLength}\r\n");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) head.Append($"{name}: {value}\r\n");
        head.Append("\r\n").Append(bodyStart);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            int read;
            try { read = await stream.ReadAsync(buffer, cancel.Token); }
            catch (IOException) { break; }
            if (read == 0) break;
            received.Write(buffer, 0, read);
            if (Complete(received.ToArray())) break;
        }
        return Parse(Encoding.UTF8.GetString(received.ToArray()));
    }

    private static bool Complete(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        var answer = Parse(text);
        return answer.Headers.TryGetValue("content-length", out var length) && Encoding.UTF8.GetByteCount(answer.Body) >= int.Parse(length);
    }

    private static Answer Parse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) throw new InvalidOperationException($"no complete answer: \"{text}\"");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked")) body = Dechunk(body);
        return new Answer(status, headers, body);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (lineEnd < 0) break;
            var size = int.Parse(body[at..lineEnd], System.Globalization.NumberStyles.HexNumber);
            if (size == 0) break;
            result.Append(body.AsSpan(lineEnd + 2, Math.Min(size, body.Length - lineEnd - 2)));
            at = lineEnd + 2 + size + 2;
        }
        return result.ToString();
    }
}
