using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.OutputCaching;

namespace Codex.Web.Features.Organizations.Directory;

/// <summary>
/// <c>/organizations</c>: every organization that is neither suspended nor deleted, by name, searchable (issue 15, item
/// 13). A plain GET form without JavaScript; with htmx the results region is swapped and the URL pushed.
/// </summary>
public sealed class DirectoryController(OrganizationClient organizations, IValidator<DirectoryForm> validator) : Controller
{
    public const int PageSize = 24;

    [HttpGet(SiteRoutes.OrganizationDirectory)]
    [PublicPage, OutputCache(PolicyName = AnonymousPageCache.Policy)]
    public async Task<IActionResult> Index([FromQuery] DirectoryForm form, CancellationToken ct)
    {
        var model = await LoadAsync(form, ct);
        return Request.WantsFragment() ? PartialView("_DirectoryResults", model) : View(model);
    }

    private async Task<DirectoryViewModel> LoadAsync(DirectoryForm form, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return new DirectoryViewModel { Form = form, Errors = validation.ToDictionary().AsReadOnly() };
        }
        try
        {
            // Read from the worker on each render, not from the site's HybridCache: anonymous visitors get the stored page
            // (ADR 027), and the page is tagged with each organization it lists, so a change to any of them (its profile,
            // logo, suspension, or a member joining or leaving) drops it at once (ADR 035).
            var results = await organizations.SearchAsync(form.Search, form.PageValue, PageSize, ct);
            if (HttpContext.Features.Get<IOutputCacheFeature>() is { } cache)
                foreach (var organization in results.Items) cache.Context.Tags.Add(CacheTags.Organization(organization.Slug));
            return new DirectoryViewModel { Form = form, Results = results };
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return new DirectoryViewModel { Form = form, Errors = new Dictionary<string, string[]> { [""] = [e.Error.Message] } };
        }
        catch (WorkerUnavailableException)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return new DirectoryViewModel { Form = form, Unavailable = true };
        }
    }
}
