using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Codex.Contracts.Media;
using Codex.Workers.Pipeline;

namespace Codex.Workers.MediaApi.Callback;

/// <summary>
/// Signs and checks transcoding callbacks: <c>X-Codex-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of
/// "&lt;t&gt;.&lt;raw body&gt;"&gt;</c> with <c>Media:CallbackSecret</c>, in the all-in-one host generated once into the data folder when unset.
/// </summary>
public sealed class CallbackSigner
{
    private readonly byte[] _key;

    public CallbackSigner(TranscodingOptions options, CodexOptions codex)
    {
        _key = Encoding.UTF8.GetBytes(SharedSecrets.MediaCallbackSecret.Resolve(options.CallbackSecret, codex));
    }

    /// <summary>The header value for <paramref name="body"/> signed at <paramref name="unixSeconds"/>.</summary>
    public string Sign(ReadOnlySpan<byte> body, long unixSeconds) =>
        $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(unixSeconds, body))}";

    /// <summary>
    /// Whether <paramref name="header"/> signs <paramref name="body"/> with our key, at most
    /// <see cref="TranscodingSignature.ToleranceSeconds"/> from <paramref name="now"/> (either way). Any <c>v1</c>
    /// entry may match, so a key can be rolled over.
    /// </summary>
    public bool Verify(string? header, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 1000) return false;
        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var (name, value) = (part[..eq], part[(eq + 1)..]);
            if (name == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t)) timestamp = t;
            else if (name == "v1" && value.Length == 64)
            {
                try { signatures.Add(Convert.FromHexString(value)); }
                catch (FormatException) { }
            }
        }
        if (timestamp is not { } at || signatures.Count == 0) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - at) > TranscodingSignature.ToleranceSeconds) return false;
        var expected = Mac(at, body);
        var match = false;
        foreach (var given in signatures) match |= CryptographicOperations.FixedTimeEquals(given, expected);
        return match;
    }

    private byte[] Mac(long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(_key, signed);
    }
}
