using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Codex.Workers.Pipeline;

namespace Codex.Workers.ContentApi.Access;

/// <summary>
/// Signs and checks the embedded store's streaming URLs: <c>{PublicUrl}/media/{mediaId}?exp={unix}&amp;sig={sig}</c>,
/// where <c>sig</c> is base64url HMAC-SHA256 of <c>mediaId + "." + exp</c>. The key is <c>Media:SigningKey</c>, or in
/// the all-in-one host one generated once into <c>{DataPath}/media-signing-key</c> (<see cref="SharedSecrets"/>).
/// </summary>
public sealed class MediaSigner
{
    public MediaSigner(CodexOptions codex, IConfiguration config)
    {
        PublicUrl = codex.PublicBase;
        _key = Encoding.UTF8.GetBytes(SharedSecrets.MediaSigningKey.Resolve(config[SharedSecrets.MediaSigningKey.Key], codex));
    }

    private readonly byte[] _key;

    /// <summary>The site's public base URL, without a trailing slash.</summary>
    public string PublicUrl { get; }

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

    /// <summary>
    /// The signed URL of one media item's thumbnail, valid until <paramref name="expiresAtUnix"/>. Its signature is of
    /// <c>"thumbnail:" + mediaId</c>, so a thumbnail's URL never opens the media itself.
    /// </summary>
    public string ThumbnailUrl(Guid mediaId, long expiresAtUnix)
    {
        var id = mediaId.ToString("D");
        return $"{PublicUrl}{SiteRoutes.Media}/{id}/thumbnail?exp={expiresAtUnix.ToString(CultureInfo.InvariantCulture)}&sig={Base64Url.EncodeToString(Mac(ThumbnailPurpose + id, expiresAtUnix))}";
    }

    /// <summary>Whether <paramref name="signature"/> signs the thumbnail of <paramref name="mediaId"/> until the expiry.</summary>
    public bool IsValidThumbnail(string mediaId, long expiresAtUnix, string? signature) =>
        IsValid(ThumbnailPurpose + mediaId, expiresAtUnix, signature);

    private const string ThumbnailPurpose = "thumbnail:";

    private byte[] Mac(string mediaId, long expiresAtUnix) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(mediaId + "." + expiresAtUnix.ToString(CultureInfo.InvariantCulture)));
}
