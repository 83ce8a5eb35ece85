using Codex.Contracts.Identity;
using Codex.Workers.Pipeline.Storage;

namespace Codex.Workers.IdentityApi.Avatar;

/// <summary>
/// Where avatars live in the media store (<c>avatars/{userId}/{random}.{ext}</c>, local disk or S3, like organization
/// logos) and the site path each is served at (<c>/avatars/{userId}/{random}.{ext}</c>): one is the other with a
/// leading slash, so the user's <c>AvatarKey</c> says both.
/// </summary>
public sealed class Avatars(IMediaStore store, ILogger<Avatars> logger)
{
    public const string Folder = "avatars";

    public static string KeyOf(Guid userId, string file) => $"{Folder}/{userId:D}/{file}";

    /// <summary>The site path of a stored avatar, or null when there is none.</summary>
    public static string? UrlOf(string? key) => key is null ? null : "/" + key;

    /// <summary>Whether <paramref name="path"/> is the path of an uploaded avatar (<see cref="ProfileRules.AvatarPathPattern"/>).</summary>
    public static bool IsAvatarPath(string path) => ProfileRules.AvatarPathPattern().IsMatch(path);

    /// <summary>
    /// Removes a replaced or abandoned avatar file. Best effort: a file left behind costs storage, never correctness
    /// (nothing names it any more), so a failure is logged.
    /// </summary>
    public async Task DeleteAsync(string? key)
    {
        if (key is null) return;
        try
        {
            // Not the request's token: the change is saved, and its old file should go even if the caller went away.
            await store.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            logger.LogWarning(e, "Could not delete the avatar {Key}", key);
        }
    }
}
