using System.Security.Cryptography;
using System.Text;

namespace Codex.Workers.Pipeline;

/// <summary>Opaque session and one-time tokens: 256 random bits out, only their SHA-256 stored.</summary>
public static class SessionTokens
{
    /// <summary>A new token: 32 bytes from the OS's CSPRNG, base64url.</summary>
    public static string NewToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form of a token (lower-case hex SHA-256).</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
