using System.Globalization;
using Codex.Contracts.Content;
using Codex.Contracts.Organizations;
using Codex.Web.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Codex.Web.Infrastructure.Htmx;

namespace Codex.Web.Features.Organizations;

/// <summary><c>/o/{orgSlug}</c>: an organization's space, in its own branding.</summary>
public sealed class OrganizationsController(Catalogue catalogue, SiteUrls urls) : Controller
{
    public const int PageSize = 12;

    [HttpGet(SiteRoutes.OrganizationSpace)]
    [PublicPage, OutputCache(PolicyName = AnonymousPageCache.Policy)]
    public async Task<IActionResult> Space(string orgSlug, string? page, [FromServices] Infrastructure.Auth.Memberships memberships, CancellationToken ct)
    {
        var pageNumber = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Paging.MaxPage ? n : 1;
        var organization = await catalogue.GetOrganizationAsync(orgSlug, ct);
        if (organization is null) return NotFound();
        if (organization.SuspendedAt is not null)
        {
            // ADR 028: a plain notice, as a 404 so that crawlers drop the space, in words so that people know why.
            Response.StatusCode = StatusCodes.Status404NotFound;
            ViewData["NoIndex"] = true;
            return View("Suspended", organization);
        }

        var settings = catalogue.GetSettingsAsync(organization, ct).AsTask();
        var items = catalogue.ListContentAsync(new ContentListQuery { OrganizationId = organization.Id, Page = pageNumber, Limit = PageSize }, ct).AsTask();
        await Task.WhenAll(settings, items);

        var model = new OrganizationSpaceViewModel(organization, await settings, await items, BrandTheme.Url(organization, await settings))
        {
            Join = await JoinPanelModel.ForAsync(HttpContext, memberships, organization, await settings, SiteRoutes.OrganizationPath(organization.Slug), ct),
        };
        ViewData[PageMeta.Key] = new PageMeta
        {
            Title = organization.Name + " | Codex",
            Description = organization.Description ?? $"Video, audio and writing from {organization.Name} on Codex.",
            Canonical = urls.Absolute(model.PageUrl(pageNumber)),
            Image = organization.LogoUrl is { } logo ? urls.Absolute(logo) : null,
            JsonLd = PageMeta.JsonLdOf(new Dictionary<string, object?>
            {
                ["@context"] = "https://schema.org",
                ["@type"] = "Organization",
                ["name"] = organization.Name,
                ["url"] = urls.Absolute(SiteRoutes.OrganizationPath(organization.Slug)),
                ["description"] = organization.Description,
                ["logo"] = organization.LogoUrl is { } l ? urls.Absolute(l) : null,
            }),
        };
        return Request.WantsFragment() ? PartialView("_SpaceItems", model) : View(model);
    }

    /// <summary>The space's colours and fonts as CSS custom properties (a stylesheet, so the CSP stays 'self').</summary>
    [HttpGet(SiteRoutes.OrganizationTheme)]
    public async Task<IActionResult> Theme(string orgSlug, CancellationToken ct)
    {
        var organization = await catalogue.GetOrganizationAsync(orgSlug, ct);
        if (organization is null) return NotFound();
        var settings = await catalogue.GetSettingsAsync(organization, ct);
        Response.Headers.CacheControl = "public, max-age=300";
        return Content(BrandTheme.Css(BrandTheme.Resolve(settings?.Branding)), "text/css; charset=utf-8");
    }

}

public sealed record OrganizationSpaceViewModel(OrganizationDto Organization, OrganizationSettingsDto? Settings, PagedList<ContentDto> Items, string ThemeUrl)
{
    /// <summary>Join or leave; null when the viewer's memberships could not be read.</summary>
    public JoinPanelModel? Join { get; init; }

    public string PageUrl(int page) => SiteRoutes.OrganizationPath(Organization.Slug) + (page > 1 ? $"?page={page}" : "");
}
