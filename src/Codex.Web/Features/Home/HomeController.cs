using Codex.Contracts.Content;
using Codex.Web.Features.Library;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.OutputCaching;
using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Features.Home;

/// <summary>
/// <c>/</c>: the platform home: featured (most popular) and new content across organizations, and a search box; for a
/// signed-in visitor also their "Continue watching" row (issue 15, item 12) and "Owned" on what they bought (item 4).
/// The anonymous page is the same for everyone and output-cached (ADR 027); only signed-in renders read their own data.
/// </summary>
public sealed class HomeController(Catalogue catalogue, SiteUrls urls, ContentClient content, UserDataCache userData, OwnedContent owned)
    : Controller
{
    [HttpGet(SiteRoutes.Home)]
    [PublicPage, OutputCache(PolicyName = AnonymousPageCache.Policy)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var featured = Try(catalogue.ListContentAsync(new ContentListQuery { Sort = ContentSort.Popular, Limit = 4 }, ct).AsTask());
        var newest = Try(catalogue.ListContentAsync(new ContentListQuery { Sort = ContentSort.Newest, Limit = 8 }, ct).AsTask());
        var continueWatching = ContinueWatchingAsync(ct);
        var ownedIds = owned.IdsAsync(); // the cards ask it: read alongside the lists rather than after them
        await Task.WhenAll(featured, newest, continueWatching, ownedIds);
        ViewData[PageMeta.Key] = new PageMeta
        {
            Title = "Codex: video, audio and writing from independent creators",
            Description = "Watch, listen to and read work from independent creators and organizations on Codex.",
            Canonical = urls.Absolute("/"),
            JsonLd = PageMeta.JsonLdOf(new Dictionary<string, object?>
            {
                ["@context"] = "https://schema.org",
                ["@type"] = "WebSite",
                ["name"] = "Codex",
                ["url"] = urls.Absolute("/"),
                ["potentialAction"] = new Dictionary<string, object?>
                {
                    ["@type"] = "SearchAction",
                    ["target"] = urls.Absolute("/discover") + "?q={search_term_string}",
                    ["query-input"] = "required name=search_term_string",
                },
            }),
        };
        return View(new HomeViewModel(await featured, await newest) { ContinueWatching = await continueWatching });
    }

    /// <summary>
    /// The signed-in visitor's items in progress, newest first: the library's own strip and cache entry (the library
    /// page reads the same query, so one fills the other). None for visitors, and none rather than a notice when the
    /// worker does not answer: the row is a shortcut, and the library page says what went wrong.
    /// </summary>
    private async Task<IReadOnlyList<LibraryItemDto>> ContinueWatchingAsync(CancellationToken ct)
    {
        if (User.UserId() is not { } userId) return [];
        try
        {
            var query = LibraryController.ContinueWatching;
            return (await userData.GetOrReadAsync(userId, LibraryController.CacheKey(query), token => content.LibraryAsync(query, token),
                [CacheTags.Content], ct)).Items;
        }
        catch (Exception e) when (e is WorkerCallException or WorkerUnavailableException)
        {
            return [];
        }
    }

    // Either list may fail alone; the page shows a notice in its place (and is not kept for the next visitor).
    private async Task<PagedList<ContentDto>?> Try(Task<PagedList<ContentDto>> load)
    {
        try
        {
            return await load;
        }
        catch (WorkerUnavailableException)
        {
            AnonymousPageCache.DoNotStore(HttpContext);
            return null;
        }
    }
}

/// <summary>The home page: a null list when the catalogue did not answer.</summary>
public sealed record HomeViewModel(PagedList<ContentDto>? Featured, PagedList<ContentDto>? Newest)
{
    /// <summary>The signed-in visitor's items in progress (empty for everyone else).</summary>
    public IReadOnlyList<LibraryItemDto> ContinueWatching { get; init; } = [];
}
