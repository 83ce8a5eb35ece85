using Codex.Contracts.Organizations;
using Codex.Workers.Pipeline.Storage;

namespace Codex.Workers.OrganizationApi.Logo;

/// <summary>
/// Where uploaded logos live in the media store (<c>logos/{organizationId}/{random}.{ext}</c>) and the site path each
/// is served at (<c>/logos/{organizationId}/{random}.{ext}</c>, <see cref="LogoRules.PathOf"/>): one maps to the other,
/// so the organization's <c>logoUrl</c> says which file is its logo and no extra column is needed.
/// </summary>
public sealed class OrganizationLogos(IMediaStore store, ILogger<OrganizationLogos> logger)
{
    public const string Folder = "logos";

    public static string KeyOf(Guid organizationId, string file) => $"{Folder}/{organizationId:D}/{file}";

    /// <summary>The store key of <paramref name="url"/> when it is an uploaded logo of <paramref name="organizationId"/>, else null.</summary>
    public static string? KeyOfUrl(Guid organizationId, string? url) =>
        url is not null && LogoRules.PathPattern().Match(url) is { Success: true } match
        && Guid.ParseExact(match.Groups["org"].Value, "D") == organizationId
            ? KeyOf(organizationId, match.Groups["file"].Value)
            : null;

    /// <summary>
    /// Removes the files of the <paramref name="previous"/> logo URLs that none of the <paramref name="current"/> ones
    /// still names. Best effort: a file left behind costs storage, never correctness, so a failure is logged.
    /// </summary>
    public async Task DeleteUnusedAsync(Guid organizationId, IEnumerable<string?> previous, IEnumerable<string?> current)
    {
        var kept = current.Select(u => KeyOfUrl(organizationId, u)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var key in previous.Select(u => KeyOfUrl(organizationId, u)).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (kept.Contains(key)) continue;
            try
            {
                // Not the request's token: the change is saved, and its old file should go even if the caller went away.
                await store.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
            {
                logger.LogWarning(e, "Could not delete the replaced logo {Key}", key);
            }
        }
    }
}
