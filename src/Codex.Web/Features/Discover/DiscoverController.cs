using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Web.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;

namespace Codex.Web.Features.Discover;

/// <summary><c>/discover</c>: the published catalogue across organizations, searchable and filterable.</summary>
public sealed class DiscoverController(Catalogue catalogue, IValidator<DiscoverForm> validator) : Controller
{
    public const int PageSize = 12;

    [HttpGet(SiteRoutes.Discover)]
    [PublicPage, OutputCache(PolicyName = AnonymousPageCache.Policy)]
    public async Task<IActionResult> Index([FromQuery] DiscoverForm form, CancellationToken ct)
    {
        var model = await LoadAsync(form, ct);
        return Request.WantsFragment() ? PartialView("_DiscoverSwap", model) : View(model);
    }

    /// <summary>
    /// The next page's cards for infinite scroll (htmx <c>revealed</c>), and the polite status's new count; without
    /// JavaScript the page links are used.
    /// </summary>
    [HttpGet("/discover/more")]
    [PublicPage, OutputCache(PolicyName = AnonymousPageCache.Policy)]
    public async Task<IActionResult> More([FromQuery] DiscoverForm form, CancellationToken ct)
    {
        var model = await LoadAsync(form, ct);
        return PartialView("_DiscoverMore", model);
    }

    private async Task<DiscoverViewModel> LoadAsync(DiscoverForm form, CancellationToken ct)
    {
        var organizations = await OrganizationsAsync(ct);
        var validation = await validator.ValidateAsync(form, ct);
        var errors = validation.ToDictionary();
        Guid? organizationId = null;
        if (!string.IsNullOrWhiteSpace(form.Org) && !errors.ContainsKey(nameof(DiscoverForm.Org)))
        {
            organizationId = organizations?.FirstOrDefault(o => o.Slug == form.Org.Trim())?.Id;
            if (organizationId is null && organizations is not null) errors[nameof(DiscoverForm.Org)] = ["Choose an organization from the list."];
        }
        var options = new List<(string, string)> { ("", "All organizations") };
        options.AddRange((organizations ?? []).Select(o => (o.Slug, o.Name)));

        var creatorId = Guid.TryParseExact(form.Creator, "D", out var id) ? id : (Guid?)null;
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return new DiscoverViewModel
            {
                Form = form, Errors = errors.AsReadOnly(), Organizations = options, Creator = await CreatorAsync(creatorId, null, ct),
            };
        }
        try
        {
            var results = await catalogue.ListContentAsync(form.ToQuery(PageSize, organizationId), ct);
            return new DiscoverViewModel
            {
                Form = form, Organizations = options, Results = results, Creator = await CreatorAsync(creatorId, results, ct),
            };
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return new DiscoverViewModel
            {
                Form = form, Organizations = options, Errors = new Dictionary<string, string[]> { [""] = [e.Error.Message] },
                Creator = await CreatorAsync(creatorId, null, ct),
            };
        }
        catch (WorkerUnavailableException)
        {
            // The page still renders: the results region becomes a notice with a retry link.
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return new DiscoverViewModel { Form = form, Organizations = options, Unavailable = true };
        }
    }

    /// <summary>
    /// Who the creator filter names (Issue 15, item 3): the Content-API names the creator on each of their items, so the
    /// page's own results say it; when none of them is on this page (other filters, a page past the end), their newest
    /// published item does (one more catalogue read, cached like the rest). Null for someone with nothing published;
    /// a page whose catalogue did not answer that read is not kept for the next visitor.
    /// </summary>
    private async Task<CreatorSummary?> CreatorAsync(Guid? creatorId, PagedList<ContentDto>? results, CancellationToken ct)
    {
        if (creatorId is not { } id) return null;
        if (results?.Items.FirstOrDefault(i => i.CreatorId == id)?.Creator is { } named) return named;
        try
        {
            var newest = await catalogue.ListContentAsync(new ContentListQuery { CreatorId = id, Limit = 1 }, ct);
            return newest.Items.FirstOrDefault()?.Creator;
        }
        catch (Exception e) when (e is WorkerUnavailableException or WorkerCallException)
        {
            AnonymousPageCache.DoNotStore(HttpContext);
            return null;
        }
    }

    // The organization filter is a convenience: if the Organization-API is down, the catalogue still works without it.
    private async Task<IReadOnlyList<Codex.Contracts.Organizations.OrganizationDto>?> OrganizationsAsync(CancellationToken ct)
    {
        try
        {
            return await catalogue.AllOrganizationsAsync(ct);
        }
        catch (WorkerUnavailableException)
        {
            AnonymousPageCache.DoNotStore(HttpContext); // a page without the filter's choices is not kept
            return null;
        }
    }
}
