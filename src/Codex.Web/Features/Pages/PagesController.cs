using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Htmx;
using Microsoft.AspNetCore.OutputCaching;

namespace Codex.Web.Features.Pages;

/// <summary>
/// The footer's pages: <c>/about</c>, <c>/terms</c>, <c>/privacy</c> and <c>/help</c>. Plain text that is the same for
/// everyone, so they are public and output-cached like the other anonymous pages (ADR 027), and listed in the sitemap.
/// </summary>
public sealed class PagesController(SiteUrls urls) : Controller
{
    public const string About = "/about";
    public const string Terms = "/terms";
    public const string Privacy = "/privacy";
    public const string Help = "/help";

    /// <summary>The pages in the footer's order, with their titles and descriptions.</summary>
    public static readonly IReadOnlyList<StaticPage> All =
    [
        new(About, "_About", "About Codex", "What Codex is, who runs the organizations on it, and how buying and joining work."),
        new(Help, "_Help", "Help", "Answers to common questions about accounts, buying, playback and how to reach us."),
        new(Terms, "_Terms", "Terms of use", "The terms of using Codex and of buying digital content on it, including refunds."),
        new(Privacy, "_Privacy", "Privacy", "What Codex keeps about you, why, for how long, and how to export or delete it."),
    ];

    [HttpGet(About), HttpGet(Help), HttpGet(Terms), HttpGet(Privacy)]
    [PublicPage(300), OutputCache(PolicyName = AnonymousPageCache.Policy)]
    public IActionResult Show()
    {
        // Routing also sends "/about/" here (a trailing slash matches the template): the page is named without it.
        var path = Request.Path.Value?.TrimEnd('/');
        if (All.FirstOrDefault(p => string.Equals(p.Path, path, StringComparison.OrdinalIgnoreCase)) is not { } page) return NotFound();
        ViewData["Title"] = page.Title;
        ViewData[PageMeta.Key] = new PageMeta
        {
            Title = page.Title + " | Codex",
            Description = page.Description,
            Canonical = urls.Absolute(page.Path),
        };
        return Request.WantsFragment() ? PartialView(page.Partial) : View("Show", page);
    }
}

/// <summary>One of the footer's pages: its path, the partial holding its text, its title and meta description.</summary>
public sealed record StaticPage(string Path, string Partial, string Title, string Description);
