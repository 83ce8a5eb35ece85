using Codex.Contracts.Admin;
using Codex.Contracts.Content;
using Codex.Web.Features.Studio.Shared;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Studio.Sales;

/// <summary>
/// <c>/studio/{org}/sales</c>, for the organization's owners and admins (and platform admins): the period's revenue and
/// purchases (a server-drawn SVG chart with its numbers in a table), top content, the customers (search, pages, CSV),
/// complimentary access, and a refund from a customer's row after a confirmation. Every form works as a plain GET or
/// POST; htmx swaps just the region it changes. The Admin-API enforces who may see and do what.
/// </summary>
[Authorize(Policy = Policies.OrganizationAdmin)]
[Route("/studio/{org}/sales")]
public sealed class SalesController(StudioOrganizations organizations, AdminClient admin, ContentClient content, TimeProvider clock)
    : FormController
{
    public const int PageSize = 20;

    [HttpGet("")]
    public async Task<IActionResult> Index(string org, [FromQuery] SalesQueryForm query, [FromServices] IValidator<SalesQueryForm> validator,
        CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        var model = await PageModelAsync(organization, query, validator, new GrantForm(), ct);
        return Request.WantsFragment() ? PartialView("_Overview", model) : View("Index", model);
    }

    /// <summary>The customers region (search and pages with htmx); the whole page without JavaScript.</summary>
    [HttpGet("customers")]
    public async Task<IActionResult> Customers(string org, [FromQuery] SalesQueryForm query, [FromServices] IValidator<SalesQueryForm> validator,
        CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        if (!Request.WantsFragment()) return Redirect(query.UrlFor(SalesPaths.Index(organization.Slug), query.PageValue));
        var model = new SalesViewModel(organization, query) { Grant = new GrantFormModel(organization, new GrantForm(), [], false) };
        var validation = await validator.ValidateAsync(query, ct);
        if (!validation.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return PartialView("_Customers", model with { Errors = validation.ToDictionary().AsReadOnly() });
        }
        return PartialView("_Customers", await WithCustomersAsync(model, ct));
    }

    /// <summary>The whole customers list as CSV, streamed from the Admin-API as it comes (never one page, never all in memory).</summary>
    [HttpGet("customers.csv")]
    public async Task<IActionResult> Csv(string org, string? q, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        var search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (search is { Length: > 255 }) return BadRequest();
        var upstream = await admin.CustomersCsvAsync(organization.Id, search, ct);
        return new CsvDownloadResult(upstream, $"{organization.Slug}-customers.csv");
    }

    [HttpPost("grants")]
    public async Task<IActionResult> Grant(string org, [FromForm] GrantForm form, [FromServices] IValidator<GrantForm> validator,
        [FromServices] IValidator<SalesQueryForm> queryValidator, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        var status = StatusCodes.Status422UnprocessableEntity;
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid)
        {
            foreach (var failure in validation.Errors) ModelState.AddModelError(failure.PropertyName, failure.ErrorMessage);
        }
        else if (await ResolveItemAsync(organization, form, ct) is not { } contentId)
        {
            if (ModelState.IsValid) status = StatusCodes.Status503ServiceUnavailable; // the items could not be searched
        }
        else
        {
            try
            {
                var (grant, created) = await admin.GrantAsync(organization.Id, form.ToRequest(contentId), ct);
                var message = created
                    ? $"{grant.UserName} now has complimentary access to \u201c{grant.ContentTitle}\u201d."
                    : $"{grant.UserName} already had complimentary access to \u201c{grant.ContentTitle}\u201d; nothing changed.";
                return Done(SalesPaths.Index(organization.Slug), message);
            }
            catch (WorkerCallException e) when (e.Status != StatusCodes.Status401Unauthorized)
            {
                if (e.Status == StatusCodes.Status429TooManyRequests) status = StatusCodes.Status429TooManyRequests;
                ModelState.AddModelError(GrantErrorField(e), e.Error.Message);
            }
            catch (WorkerUnavailableException)
            {
                ModelState.AddModelError("", Unreachable);
                status = StatusCodes.Status503ServiceUnavailable;
            }
        }
        Response.StatusCode = status;
        if (Request.WantsFragment()) return PartialView("_GrantForm", await GrantModelAsync(organization, form, ct));
        return View("Index", await PageModelAsync(organization, new SalesQueryForm(), queryValidator, form, ct));
    }

    /// <summary>
    /// The form field a grant's refusal belongs to: the one its 404 names (<c>details.field</c>), the item for the
    /// item's own refusals, else the form as a whole.
    /// </summary>
    private static string GrantErrorField(WorkerCallException e)
    {
        var field = e.Error.Details is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } details
            && details.TryGetProperty("field", out var named) && named.ValueKind == System.Text.Json.JsonValueKind.String ? named.GetString() : null;
        return field switch
        {
            "email" or "userId" => nameof(GrantForm.Email),
            "contentId" => nameof(GrantForm.Item),
            _ when e.Error.Code is ErrorCodes.AlreadyPurchased or ErrorCodes.ContentNotPurchasable => nameof(GrantForm.Item),
            _ => "",
        };
    }

    /// <summary>
    /// The paid item the grant form names: its id, its address (<c>…/slug</c>, or a bare slug) or its exact title, among
    /// all the organization's items (not only the suggested ones). Null with an error on the item field, or a form error
    /// when the items could not be searched.
    /// </summary>
    private async Task<Guid?> ResolveItemAsync(StudioOrganization organization, GrantForm form, CancellationToken ct)
    {
        if (form.ContentIdValue is { } id) return id;
        var typed = form.Item!.Trim();
        try
        {
            var slug = typed.TrimEnd('/').Split('/')[^1];
            if (slug.Length > 0 && await content.GetBySlugAsync(organization.Slug, slug, ct) is { } bySlug && bySlug.OrganizationId == organization.Id)
                return bySlug.Id;
            if (!typed.Contains('/') && typed.Length >= 2)
            {
                var found = await content.ListAsync(new ContentListQuery
                {
                    Scope = ContentListQuery.ScopeMine, OrganizationId = organization.Id, AccessType = AccessType.Paid, Search = typed,
                    Limit = Paging.MaxLimit,
                }, ct);
                var exact = found.Items.Where(i => string.Equals(i.Title.Trim(), typed, StringComparison.OrdinalIgnoreCase)).ToList();
                if (exact.Count == 1) return exact[0].Id;
                if (exact.Count > 1)
                {
                    ModelState.AddModelError(nameof(GrantForm.Item), "Several paid items have this title; type the address of the one you mean.");
                    return null;
                }
            }
            ModelState.AddModelError(nameof(GrantForm.Item), "No item of this organization has this title or address.");
        }
        catch (Exception e) when (e is WorkerUnavailableException or WorkerCallException)
        {
            ModelState.AddModelError("", Unreachable);
        }
        return null;
    }

    /// <summary>The confirmation before a refund: its own page without JavaScript, in place on the sales page with htmx.</summary>
    [HttpGet("purchases/{id:guid}/refund")]
    public async Task<IActionResult> Refund(string org, Guid id, CancellationToken ct)
    {
        var (organization, purchase) = await PurchaseAsync(org, id, ct);
        if (organization is null || purchase is null) return NotFound();
        var model = new RefundViewModel(organization, purchase, new RefundForm { IdempotencyKey = Guid.NewGuid().ToString("N") });
        return Request.WantsFragment() ? PartialView("_RefundConfirm", model) : View("Refund", model);
    }

    [HttpPost("purchases/{id:guid}/refund")]
    [ActionName("Refund")]
    public async Task<IActionResult> RefundConfirmed(string org, Guid id, [FromForm] RefundForm form, [FromServices] IValidator<RefundForm> validator,
        CancellationToken ct)
    {
        var (organization, purchase) = await PurchaseAsync(org, id, ct);
        if (organization is null || purchase is null) return NotFound();
        if (string.IsNullOrWhiteSpace(form.IdempotencyKey) || form.IdempotencyKey.Length > 100) form.IdempotencyKey = Guid.NewGuid().ToString("N");
        var model = new RefundViewModel(organization, purchase, form);
        var result = await SubmitAsync(form, validator, "Refund", "_RefundConfirm", async () =>
        {
            var refunded = await admin.RefundAsync(purchase.Id, form.ToRequest(), form.IdempotencyKey, ct);
            var amount = Display.Price(refunded.RefundedCents - purchase.RefundedCents);
            var message = refunded.Status == PurchaseStatus.Refunded
                ? $"Refunded {amount} to {refunded.UserName}; their access to \u201c{refunded.ContentTitle}\u201d has ended."
                : refunded.RefundedCents > purchase.RefundedCents
                    ? $"Refunded {amount} to {refunded.UserName}; they keep access to \u201c{refunded.ContentTitle}\u201d."
                    : $"The refund to {refunded.UserName} was sent to the payment provider; it shows here once the provider confirms it.";
            return Done(SalesPaths.Index(organization.Slug), message);
        }, model);
        return await MoveAmountErrorAsync(result, purchase, ct);
    }

    /// <summary>
    /// The Admin-API refuses an amount in cents under <c>amountCents</c>; the form asks for dollars under <c>Amount</c>,
    /// so the sentence is the site's own, with what is left of the purchase now, in dollars.
    /// </summary>
    private async Task<IActionResult> MoveAmountErrorAsync(IActionResult result, OrganizationPurchaseDto purchase, CancellationToken ct)
    {
        if (ModelState.TryGetValue("AmountCents", out var entry) && entry.Errors.Count > 0)
        {
            ModelState.Remove("AmountCents");
            OrganizationPurchaseDto? now = null;
            try
            {
                now = await admin.PurchaseAsync(purchase.Id, ct);
            }
            catch (Exception e) when (e is WorkerUnavailableException or WorkerCallException)
            {
                // the purchase as the page had it will do
            }
            var left = (now ?? purchase).PriceCents - (now ?? purchase).RefundedCents;
            ModelState.AddModelError(nameof(RefundForm.Amount), $"At most {Display.Price(left)} of this purchase is left to refund.");
        }
        return result;
    }

    private async Task<(StudioOrganization? Organization, OrganizationPurchaseDto? Purchase)> PurchaseAsync(string org, Guid id, CancellationToken ct)
    {
        var organization = await organizations.FindAsync(org, ct);
        if (organization is null) return (null, null);
        OrganizationPurchaseDto? purchase;
        try
        {
            purchase = await admin.PurchaseAsync(id, ct);
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            purchase = null; // another organization's: as unknown here as any other
        }
        // Another organization's purchase is not this page's to show (a platform admin could otherwise reach it here).
        return (organization, purchase?.OrganizationId == organization.Id ? purchase : null);
    }

    private async Task<SalesViewModel> PageModelAsync(StudioOrganization organization, SalesQueryForm query, IValidator<SalesQueryForm> validator,
        GrantForm grantForm, CancellationToken ct)
    {
        var grant = GrantModelAsync(organization, grantForm, ct);
        var validation = await validator.ValidateAsync(query, ct);
        var model = new SalesViewModel(organization, query) { Grant = null! };
        if (!validation.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            model = model with { Errors = validation.ToDictionary().AsReadOnly(), Query = new SalesQueryForm() };
        }
        var analytics = AnalyticsAsync(organization, model.Query.DaysValue, ct);
        var customers = model.Errors.Count > 0 ? Task.FromResult(model) : WithCustomersAsync(model, ct);
        await Task.WhenAll(grant, analytics, customers);
        var (dto, unavailable) = await analytics;
        if (unavailable && Response.StatusCode == StatusCodes.Status200OK) Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return (await customers) with { Analytics = dto, AnalyticsUnavailable = unavailable, Grant = await grant };
    }

    private async Task<(OrganizationAnalyticsDto? Analytics, bool Unavailable)> AnalyticsAsync(StudioOrganization organization, int days,
        CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        try
        {
            return (await admin.AnalyticsAsync(organization.Id, today.AddDays(-(days - 1)), today, ct), false);
        }
        catch (WorkerUnavailableException)
        {
            return (null, true);
        }
    }

    private async Task<SalesViewModel> WithCustomersAsync(SalesViewModel model, CancellationToken ct)
    {
        try
        {
            return model with { Customers = await admin.CustomersAsync(model.Organization.Id, model.Query.Search, model.Query.PageValue, PageSize, ct) };
        }
        catch (WorkerUnavailableException)
        {
            return model with { CustomersUnavailable = true };
        }
    }

    /// <summary>
    /// The grant form with suggestions: the organization's first paid items by title (drafts too: access is ready when
    /// they go out). Any other is reached by typing its title or address (<see cref="ResolveItemAsync"/>).
    /// </summary>
    private async Task<GrantFormModel> GrantModelAsync(StudioOrganization organization, GrantForm form, CancellationToken ct)
    {
        try
        {
            var items = await content.ListAsync(new ContentListQuery
            {
                Scope = ContentListQuery.ScopeMine, OrganizationId = organization.Id, AccessType = AccessType.Paid, Limit = Paging.MaxLimit,
            }, ct);
            return new GrantFormModel(organization, form,
                [.. items.Items.OrderBy(i => i.Title, StringComparer.OrdinalIgnoreCase).Select(i => (i.Title, SiteRoutes.ContentPath(organization.Slug, i.Slug)))], false);
        }
        catch (Exception e) when (e is WorkerUnavailableException or WorkerCallException)
        {
            return new GrantFormModel(organization, form, [], true);
        }
    }
}

/// <summary>
/// Passes the Admin-API's CSV on to the browser as it arrives (headers first, so that result filters still can add
/// theirs), then lets the worker's response go.
/// </summary>
public sealed class CsvDownloadResult(Flurl.Http.IFlurlResponse upstream, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        using (upstream)
        {
            var response = context.HttpContext.Response;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.CacheControl = "private, no-store";
            response.Headers.ContentDisposition = upstream.ResponseMessage.Content.Headers.ContentDisposition?.ToString()
                ?? new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
            await using var body = await upstream.GetStreamAsync();
            await body.CopyToAsync(response.Body, context.HttpContext.RequestAborted);
        }
    }
}
