using Codex.Contracts.Content;
using Codex.Web.Features.Studio.Shared;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Studio.Home;

/// <summary>
/// <c>/studio</c>: the caller's organizations with their role; <c>/studio/{org}</c>: an organization's dashboard
/// (drafts and what was published lately), for its owners, admins and creators and for platform admins.
/// </summary>
public sealed class StudioController(StudioOrganizations organizations, ContentClient content, AdminClient admin, TimeProvider clock)
    : FormController
{
    public const int DashboardSize = 5;

    [HttpGet(StudioPaths.Home)]
    [Authorize]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var mine = await organizations.MineAsync(ct);
        var model = new StudioHomeViewModel(
            [.. mine.OrderBy(m => m.OrganizationName, StringComparer.OrdinalIgnoreCase)],
            User.IsPlatformAdmin());
        return Request.WantsFragment() ? PartialView("_StudioOrganizations", model) : View(model);
    }

    [HttpGet(StudioPaths.Home + "/new")]
    [Authorize]
    public IActionResult New() => FormPage("New", "_NewOrganizationForm", new NewOrganizationForm());

    /// <summary>Founds an organization; its founder owns it and lands in its studio.</summary>
    [HttpPost(StudioPaths.Home + "/new")]
    [Authorize]
    public Task<IActionResult> Create([FromForm] NewOrganizationForm form, [FromServices] FluentValidation.IValidator<NewOrganizationForm> validator,
        [FromServices] OrganizationClient organizationsApi, [FromServices] Memberships memberships, CancellationToken ct) =>
        SubmitAsync(form, validator, "New", "_NewOrganizationForm", async () =>
        {
            var created = await organizationsApi.CreateAsync(form.ToRequest(), ct);
            // The cached memberships do not know the new one yet; the studio's policy reads them next.
            await memberships.ForgetAsync(User.UserId()!.Value, ct);
            return Done(StudioPaths.Dashboard(created.Slug), $"{created.Name} is ready, and you are its owner.");
        });

    [HttpGet("/studio/{org}")]
    [Authorize(Policy = Policies.OrganizationCreator)]
    public async Task<IActionResult> Dashboard(string org, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        var drafts = content.ListAsync(Query(organization, ContentStatus.Draft), ct);
        var published = content.ListAsync(Query(organization, ContentStatus.Published), ct);
        var media = content.ListMediaAsync(organization.Id, 1, Paging.MaxLimit, ct);
        var sales = SalesThisMonthAsync(organization, ct);
        await Task.WhenAll(drafts, published, media, sales);
        // Files not yet playable (waiting, being prepared, failed): the newest first, as the library lists them.
        var inProgress = (await media).Items.Where(m => m.Status != MediaStatus.Ready).Take(DashboardSize).ToList();
        var model = new DashboardViewModel(organization, await drafts, await published, inProgress) { Sales = await sales };
        return Request.WantsFragment() ? PartialView("_Dashboard", model) : View(model);
    }

    /// <summary>
    /// This calendar month's sales (UTC) for those who see money: owners, admins and platform admins. Creators get no
    /// panel (the Admin-API would refuse them anyway); a worker that does not answer leaves a notice, not a failed page.
    /// </summary>
    private async Task<Sales.SalesThisMonth?> SalesThisMonthAsync(StudioOrganization organization, CancellationToken ct)
    {
        if (!User.IsPlatformAdmin() && !(organization.Role is { } role && StudioOrganizations.CanAdminister(role))) return null;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        try
        {
            var analytics = await admin.AnalyticsAsync(organization.Id, new DateOnly(today.Year, today.Month, 1), today, ct);
            return new Sales.SalesThisMonth(organization.Slug, analytics.Totals, Unavailable: false);
        }
        catch (Exception e) when (e is WorkerUnavailableException or WorkerCallException { Status: not StatusCodes.Status401Unauthorized })
        {
            return new Sales.SalesThisMonth(organization.Slug, null, Unavailable: true);
        }
    }

    private static ContentListQuery Query(StudioOrganization organization, ContentStatus status) => new()
    {
        Scope = ContentListQuery.ScopeMine,
        OrganizationId = organization.Id,
        Status = status,
        Limit = DashboardSize,
    };
}

/// <summary>/studio: the caller's memberships; <paramref name="PlatformAdmin"/> may open any organization's studio.</summary>
public sealed record StudioHomeViewModel(IReadOnlyList<MembershipSummary> Memberships, bool PlatformAdmin);

/// <summary>/studio/{org}: the latest drafts and published items (each list's total says how many there are).</summary>
public sealed record DashboardViewModel(StudioOrganization Organization, PagedList<ContentDto> Drafts, PagedList<ContentDto> Published,
    IReadOnlyList<MediaDto> MediaInProgress)
{
    /// <summary>"Sales this month", for owners and admins only (null: no panel).</summary>
    public Sales.SalesThisMonth? Sales { get; init; }
}
