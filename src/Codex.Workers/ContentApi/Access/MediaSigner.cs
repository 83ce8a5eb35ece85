using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Codex.Workers.Pipeline;

namespace Codex.Workers.ContentApi.Access;

/// <summary>
/// Signs and checks the embedded store's streaming URLs: <c>{PublicUrl}/media/{mediaId}?exp={unix}&amp;sig={sig}</c>,
/// where <c>sig</c> is base64url HMAC-SHA256 of <c>mediaId + "." + exp</c>. The key is <c>Media:SigningKey</c>, or
/// one generated once and kept in <c>{DataPath}/media-signing-key</c> (as the Ecom worker keeps its webhook secret).
/// </summary>
public sealed class MediaSigner
{
    public MediaSigner(CodexOptions codex, IConfiguration config)
    {
        PublicUrl = codex.PublicBase;
        var dataPath = codex.DataFolder;
        MediaRoot = Path.GetFullPath(Path.Combine(dataPath, "media"));
        var key = config["Media:SigningKey"] is { Length: > 0 } configured ? configured : GeneratedKey(dataPath);
        _key = Encoding.UTF8.GetBytes(key);
    }

    private readonly byte[] _key;

    /// <summary>The site's public base URL, without a trailing slash.</summary>
    public string PublicUrl { get; }

    /// <summary>Where local media files live: <c>{DataPath}/media</c>.</summary>
    public string MediaRoot { get; }

    /// <summary>The signed URL of one media item, valid until <paramref name="expiresAtUnix"/>.</summary>
    public string Url(Guid mediaId, long expiresAtUnix)
    {
        var id = mediaId.ToString("D");
        return $"{PublicUrl}{SiteRoutes.Media}/{id}?exp={expiresAtUnix.ToString(CultureInfo.InvariantCulture)}&sig={Base64Url.EncodeToString(Mac(id, expiresAtUnix))}";
    }

    /// <summary>Whether <paramref name="signature"/> is this key's signature of the id and expiry (constant time).</summary>
    public bool IsValid(string mediaId, long expiresAtUnix, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length > 100) return false;
        byte[] given;
        try { given = Base64Url.DecodeFromChars(signature); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(given, Mac(mediaId, expiresAtUnix));
    }

    /// <summary>The full path of a stored file, or null when the key would leave the media folder.</summary>
    public string? PathOf(string storageKey)
    {
        var full = Path.GetFullPath(Path.Combine(MediaRoot, storageKey));
        return full.StartsWith(MediaRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    private byte[] Mac(string mediaId, long expiresAtUnix) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(mediaId + "." + expiresAtUnix.ToString(CultureInfo.InvariantCulture)));

    private static string GeneratedKey(string dataPath) => DataSecrets.GetOrCreate(dataPath, "media-signing-key", "");
}
