using Codex.Contracts.Content;
using Codex.Web.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Features.Home;

/// <summary><c>/</c>: the platform home: featured (most popular) and new content across organizations, and a search box.</summary>
public sealed class HomeController(Catalogue catalogue, SiteUrls urls) : Controller
{
    [HttpGet(SiteRoutes.Home)]
    [PublicPage, OutputCache(PolicyName = AnonymousPageCache.Policy)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var featured = Try(catalogue.ListContentAsync(new ContentListQuery { Sort = ContentSort.Popular, Limit = 4 }, ct).AsTask());
        var newest = Try(catalogue.ListContentAsync(new ContentListQuery { Sort = ContentSort.Newest, Limit = 8 }, ct).AsTask());
        await Task.WhenAll(featured, newest);
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
        return View(new HomeViewModel(await featured, await newest));
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
public sealed record HomeViewModel(PagedList<ContentDto>? Featured, PagedList<ContentDto>? Newest);
