using System.Xml;
using Codex.Contracts.Content;
using Codex.Contracts.Organizations;
using Codex.Web.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Features.ContentPage;

/// <summary>
/// <c>/o/{orgSlug}/content/{contentSlug}</c>: the canonical page of a content item, complete without JavaScript or
/// cookies: what it is, who made it, what it costs, and for written content the caller may read, the article.
/// </summary>
public sealed class ContentPageController(Catalogue catalogue, Markdown markdown, SiteUrls urls, ContentClient access,
    Microsoft.AspNetCore.Authorization.IAuthorizationService authorization, PageViews views, UserDataCache userData, OwnedContent owned,
    TimeProvider clock) : Controller
{
    [HttpGet(SiteRoutes.ContentPage)]
    [PublicPage, OutputCache(PolicyName = AnonymousPageCache.Policy)]
    public async Task<IActionResult> Show(string orgSlug, string contentSlug, string? checkout, string? restart,
        [FromServices] Memberships memberships, CancellationToken ct)
    {
        // What the page offers (play, buy, sign in, join) depends on who is looking; not knowing is not "signed out".
        if (HttpContext.SessionUnknown()) return ErrorPages.Unavailability(HttpContext);
        // Every read starts as soon as what it needs is known: the item and its organization at once (as the seed's
        // load function does), the settings once either of them names the organization, the player's URL and resume
        // point once the item is known. Most come from the site's caches.
        var contentTask = catalogue.GetContentAsync(orgSlug, contentSlug, ct).AsTask();
        var organizationTask = catalogue.GetOrganizationAsync(orgSlug, ct).AsTask();
        var settingsTask = SettingsAsync(contentTask, organizationTask, ct);
        var progressTask = ProgressAsync(contentTask, User.UserId(), ct);
        var playerTask = PlayerAsync(contentTask, progressTask, User.UserId(), resume: restart is null, ct);
        // What the signed-in visitor owns (issue 15, item 4): one kept set per user; nothing asked for anyone else.
        var ownedTask = owned.IdsAsync();
        try
        {
            return await ShowAsync(contentTask, organizationTask, settingsTask, playerTask, progressTask, ownedTask, checkout, memberships, ct);
        }
        finally
        {
            // Nothing started here outlives the request, whatever the page became (a 404, a degraded page).
            await Task.WhenAll(settingsTask, progressTask, playerTask, ownedTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<IActionResult> ShowAsync(Task<ContentDto?> contentTask, Task<OrganizationDto?> organizationTask,
        Task<OrganizationSettingsDto?> settingsTask, Task<PlayerViewModel?> playerTask, Task<PlaybackProgressDto?> progressTask,
        Task<IReadOnlySet<Guid>> ownedTask, string? checkout,
        Memberships memberships, CancellationToken ct)
    {
        await Task.WhenAll(contentTask, organizationTask);
        var (content, organization) = (await contentTask, await organizationTask);
        if (content is null) return NotFound();
        // The organization was deleted, and the Content-API still answered: the caller bought the item (ADR 022). It is
        // shown, without the organization's space, under the name the item carries.
        var organizationGone = organization is null;
        if (organization is null && content.Organization is { } summary)
            organization = new OrganizationDto(summary.Id, summary.Slug, summary.Name, null, null, null, default);
        if (organization is null) return NotFound();
        var settings = organizationGone ? null : await settingsTask;

        var canonical = urls.Absolute(Display.ContentPath(content));
        // The page's H1 is the title: a body that opens with the same heading does not say it twice (issue 15, item 9).
        var body = content.ContentType == ContentType.Written && content.ContentBody is { } text
            ? markdown.ToSafeHtml(text, withoutLeadingHeading: content.Title) : null;
        // An article the caller may read (the Content-API sends no body otherwise) may be kept for reading offline (ADR 038).
        if (body is not null) Offline.OfflineCopy.Allow(HttpContext);
        var description = Summary(content);
        ViewData[PageMeta.Key] = new PageMeta
        {
            Title = $"{content.Title} | {organization.Name}",
            Description = description,
            Canonical = canonical,
            OgType = content.ContentType switch { ContentType.Video => "video.other", ContentType.Audio => "music.song", _ => "article" },
            Image = content.ThumbnailUrl is { } thumb ? urls.Absolute(thumb) : null,
            ImageAlt = content.Title,
            JsonLd = PageMeta.JsonLdOf(StructuredData(content, organization, canonical, description)),
        };
        var player = await playerTask;
        var owns = (await ownedTask).Contains(content.Id);
        // A draft reaches this page only for its managers (and for buyers of an unpublished item): the team is told so.
        var draftForTeam = content.Status != ContentStatus.Published && User.IsSignedIn()
            && (await authorization.AuthorizeAsync(User, new OrganizationResource(Id: content.OrganizationId), Policies.OrganizationCreator)).Succeeded;
        // An item of a suspended organization (ADR 028) reaches this page only for its buyers and staff: not for crawlers.
        if (content.Status != ContentStatus.Published || organization.SuspendedAt is not null) ViewData["NoIndex"] = true;
        else views.Record(HttpContext, content.Id); // counted off the request path, whether the item came from the cache or not
        // Issue 16 (ADR 039): "Mark as complete" for a signed-in visitor who may play or read the item. A progress that
        // could not be read offers it (marking twice changes nothing).
        await ((Task)progressTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var progress = progressTask.IsCompletedSuccessfully ? progressTask.Result : null;
        var completion = User.IsSignedIn() && (player?.Stream is not null || body is not null)
            ? new Playback.MarkCompleteModel(content.Id, progress?.Completed == true, Display.ContentPath(content))
            : null;
        return View(new ContentPageViewModel(content, organization, body,
            BrandTheme.Url(organization, settings),
            CanBuy: !owns && content.AccessType == AccessType.Paid && content.PriceCents is > 0 && (settings?.Features.EnablePurchases ?? true)
                && organization.SuspendedAt is null,
            CheckoutCancelled: checkout == "cancelled")
        {
            Player = player, DraftForTeam = draftForTeam, OrganizationGone = organizationGone, Owned = owns,
            Completion = completion, ProgressAt = progress?.UpdatedAt.ToUnixTimeMilliseconds() ?? 0,
            // A members-only item: how to join (and then play it) for those without access.
            Join = content.AccessType == AccessType.Members
                ? await Organizations.JoinPanelModel.ForAsync(HttpContext, memberships, organization, settings, Display.ContentPath(content), ct)
                : null,
        });
    }

    /// <summary>
    /// The organization's settings, asked as soon as its id is known: the item carries it (its organization summary)
    /// as does the organization, whichever answers first. Null when neither names one, or there is no such item. (For a
    /// deleted organization the Organization-API answers 404, a null the page does not use.)
    /// </summary>
    private async Task<OrganizationSettingsDto?> SettingsAsync(Task<ContentDto?> content, Task<OrganizationDto?> organization, CancellationToken ct)
    {
        var first = await Task.WhenAny(content, organization);
        var known = Named(first);
        if (known is null)
        {
            await Task.WhenAll(content, organization).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (content is { IsCompletedSuccessfully: true, Result: null }) return null; // the page is a 404
            known = Named(organization) ?? Named(content);
        }
        return known is var (id, slug) ? await catalogue.GetSettingsAsync(id, slug, ct) : null;

        static (Guid Id, string Slug)? Named(Task task) => task switch
        {
            Task<OrganizationDto?> { IsCompletedSuccessfully: true, Result: { } o } => (o.Id, o.Slug),
            Task<ContentDto?> { IsCompletedSuccessfully: true, Result.Organization: { } s } => (s.Id, s.Slug),
            _ => null,
        };
    }

    /// <summary>
    /// A native player with a signed URL for callers with access (it plays without JavaScript), starting where the
    /// caller left off; null when there is nothing to play or no access (the page then says why). The URL and the
    /// resume point are asked at once, each kept briefly for this user (<see cref="UserDataCache"/>); the URL decides
    /// first, as when they were asked one after the other.
    /// </summary>
    private async Task<PlayerViewModel?> PlayerAsync(Task<ContentDto?> contentTask, Task<PlaybackProgressDto?> progressTask, Guid? userId,
        bool resume, CancellationToken ct)
    {
        await ((Task)contentTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!contentTask.IsCompletedSuccessfully || contentTask.Result is not { } content) return null;
        if (content.ContentType == ContentType.Written) return null;
        if (content.AccessType != AccessType.Free && userId is null) return null;
        var stream = userId is { } streamer
            ? userData.GetOrReadAsync(streamer, "stream:" + content.Id, token => access.StreamingUrlAsync(content.Id, token), [CacheTags.Content], ct,
                keepAtMost: url => (url.ExpiresAt - clock.GetUtcNow()) / 10, keepRefusals: true)
            : catalogue.AnonymousStreamAsync(content.Id, token => access.StreamingUrlAsync(content.Id, token), ct).AsTask();
        var progress = resume ? progressTask : Task.FromResult<PlaybackProgressDto?>(null);
        await Task.WhenAll(stream, progress).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            var url = await stream;
            var at = await progress;
            return new PlayerViewModel(content, url, at is { Completed: false, PositionSeconds: > 1 } ? at.PositionSeconds : null);
        }
        catch (WorkerCallException)
        {
            AnonymousPageCache.DoNotStore(HttpContext); // the next visitor may be luckier
            return null; // no access (401/403), media not ready (422), or rate limited: the page explains instead
        }
        catch (WorkerUnavailableException)
        {
            AnonymousPageCache.DoNotStore(HttpContext);
            return new PlayerViewModel(content, null, null);
        }
    }

    /// <summary>
    /// The signed-in caller's progress on the item, kept briefly per user: the player's resume point and "Mark as
    /// complete" (issue 16) read it. Not asked for an article the caller may not read (its body is withheld).
    /// </summary>
    private async Task<PlaybackProgressDto?> ProgressAsync(Task<ContentDto?> contentTask, Guid? userId, CancellationToken ct)
    {
        await ((Task)contentTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (userId is not { } viewer || !contentTask.IsCompletedSuccessfully || contentTask.Result is not { } content) return null;
        if (content.ContentType == ContentType.Written && content.ContentBody is null) return null;
        return await userData.GetOrReadAsync(viewer, "progress:" + content.Id, token => access.ProgressAsync(content.Id, token), [CacheTags.Content],
            ct, keepRefusals: true);
    }

    private static string Summary(ContentDto content)
    {
        var text = string.IsNullOrWhiteSpace(content.Description) ? content.Title : content.Description.Trim();
        return text.Length <= 160 ? text : text[..157].TrimEnd() + "…";
    }

    /// <summary>schema.org data of the right type: VideoObject, AudioObject or Article.</summary>
    private Dictionary<string, object?> StructuredData(ContentDto content, OrganizationDto organization, string canonical, string description)
    {
        var published = (content.PublishedAt ?? content.CreatedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var thumbnail = content.ThumbnailUrl is { } t ? urls.Absolute(t) : null;
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = content.ContentType switch { ContentType.Video => "VideoObject", ContentType.Audio => "AudioObject", _ => "Article" },
            ["url"] = canonical,
            ["description"] = description,
            ["isAccessibleForFree"] = content.AccessType == AccessType.Free,
            ["publisher"] = new Dictionary<string, object?> { ["@type"] = "Organization", ["name"] = organization.Name, ["url"] = urls.Absolute(SiteRoutes.OrganizationPath(organization.Slug)) },
        };
        if (content.Creator is { } creator) data["author"] = new Dictionary<string, object?> { ["@type"] = "Person", ["name"] = creator.Name };
        if (content.ContentType == ContentType.Written)
        {
            data["headline"] = content.Title.Length <= 110 ? content.Title : content.Title[..110];
            data["datePublished"] = published;
            data["dateModified"] = content.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            if (thumbnail is not null) data["image"] = thumbnail;
        }
        else
        {
            data["name"] = content.Title;
            data["uploadDate"] = published;
            if (thumbnail is not null) data["thumbnailUrl"] = thumbnail;
            if (content.DurationSeconds is { } seconds) data["duration"] = XmlConvert.ToString(TimeSpan.FromSeconds(seconds));
        }
        if (content.AccessType != AccessType.Free && content.PriceCents is { } cents)
            data["offers"] = new Dictionary<string, object?>
            {
                ["@type"] = "Offer", ["price"] = (cents / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                ["priceCurrency"] = "USD", ["url"] = canonical,
            };
        return data;
    }
}

public sealed record ContentPageViewModel(ContentDto Content, OrganizationDto Organization, string? BodyHtml, string ThemeUrl,
    bool CanBuy, bool CheckoutCancelled)
{
    /// <summary>The player, for callers with access to video or audio.</summary>
    public PlayerViewModel? Player { get; init; }

    /// <summary>A draft seen by a manager of its organization: the page says only the team sees it.</summary>
    public bool DraftForTeam { get; init; }

    /// <summary>The signed-in visitor bought the item (and it was not refunded): "Owned", never a price or a Buy button.</summary>
    public bool Owned { get; init; }

    /// <summary>The organization was deleted and a buyer is looking: no link to its space, no theme.</summary>
    public bool OrganizationGone { get; init; }

    /// <summary>"Mark as complete", for a signed-in visitor who may play or read the item; null otherwise.</summary>
    public Playback.MarkCompleteModel? Completion { get; init; }

    /// <summary>When the caller's progress was last saved (Unix ms; 0 for none): newer local records win (player.js).</summary>
    public long ProgressAt { get; init; }

    /// <summary>Join or leave the organization, for a members-only item; null otherwise.</summary>
    public Organizations.JoinPanelModel? Join { get; init; }

    /// <summary>One idempotency key per rendered Buy button.</summary>
    public string BuyKey { get; } = Guid.NewGuid().ToString("N");
}

/// <summary>A native media element on a signed URL; <see cref="Stream"/> is null when the Content-API did not answer.</summary>
public sealed record PlayerViewModel(ContentDto Content, StreamingUrlDto? Stream, double? ResumeAt)
{
    /// <summary>The media URL, with a media fragment that starts playback where the caller left off.</summary>
    public string? Source => Stream is null ? null
        : ResumeAt is { } at ? $"{Stream.StreamingUrl}#t={at.ToString("0", System.Globalization.CultureInfo.InvariantCulture)}" : Stream.StreamingUrl;
}
