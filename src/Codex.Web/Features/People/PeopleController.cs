using System.Globalization;
using Codex.Contracts.Content;
using Codex.Contracts.Identity;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.OutputCaching;

namespace Codex.Web.Features.People;

/// <summary>
/// <c>/u/{username}</c>: a person's public page (name, picture, bio, website) and the work they published, paged, the
/// catalogue filtered by creator. Public and cached for anonymous visitors like the other public pages (ADR 027); the
/// Identity-API drops it (<c>CacheTags.Person</c>) when the profile changes. A 404 for a username nobody has.
/// </summary>
public sealed class PeopleController(IdentityClient identity, Catalogue catalogue, SiteUrls urls) : Controller
{
    public const int PageSize = 12;

    [HttpGet(SiteRoutes.UserPage)]
    [PublicPage, OutputCache(PolicyName = AnonymousPageCache.Policy)]
    public async Task<IActionResult> Show(string username, string? page, CancellationToken ct)
    {
        if (!ProfileRules.UsernamePattern().IsMatch(username)) return NotFound();
        var pageNumber = PagerModel.PageOf(page);
        var person = await identity.GetPublicProfileAsync(username, ct);
        if (person is null) return NotFound();

        PagedList<ContentDto>? work = null;
        try
        {
            work = await catalogue.ListContentAsync(new ContentListQuery { CreatorId = person.Id, Page = pageNumber, Limit = PageSize }, ct);
        }
        catch (WorkerUnavailableException)
        {
            // The person shows; their work says it could not be loaded, with a retry. Not kept for the next visitor.
            AnonymousPageCache.DoNotStore(HttpContext);
        }
        var model = new PersonViewModel(person, work, pageNumber);
        var path = SiteRoutes.UserPath(person.Username);
        ViewData[PageMeta.Key] = new PageMeta
        {
            Title = $"{person.Name} (@{person.Username}) | Codex",
            Description = person.Bio ?? $"Video, audio and writing published by {person.Name} on Codex.",
            Canonical = urls.Absolute(model.PageUrl(pageNumber)),
            OgType = "profile",
            Image = person.AvatarUrl is { } avatar ? urls.Absolute(avatar) : null,
            ImageAlt = person.AvatarUrl is null ? null : person.Name,
            JsonLd = PageMeta.JsonLdOf(new Dictionary<string, object?>
            {
                ["@context"] = "https://schema.org",
                ["@type"] = "Person",
                ["name"] = person.Name,
                ["alternateName"] = person.Username,
                ["url"] = urls.Absolute(path),
                ["description"] = person.Bio,
                ["image"] = person.AvatarUrl is { } a ? urls.Absolute(a) : null,
                ["sameAs"] = person.WebsiteUrl,
            }),
        };
        return Request.WantsFragment() ? PartialView("_PersonWork", model) : View(model);
    }
}

/// <summary>/u/{username}: the person, and one page of their published work (null when the catalogue did not answer).</summary>
public sealed record PersonViewModel(PublicProfileDto Person, PagedList<ContentDto>? Work, int Page)
{
    public string PageUrl(int page) => SiteRoutes.UserPath(Person.Username) + (page > 1 ? "?page=" + page.ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>What stands in for a missing picture: the name's first letter.</summary>
    public string Initial => Person.Name.Length > 0 ? char.ToUpperInvariant(Person.Name[0]).ToString() : "?";
}
