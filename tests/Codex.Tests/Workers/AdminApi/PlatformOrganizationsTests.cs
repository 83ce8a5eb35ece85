using System.Net;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Contracts.Content;
using Codex.Contracts.Notifications;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>
/// <c>GET /api/admin/organizations</c>, <c>GET</c> and <c>PATCH /api/admin/organizations/:id</c> (ADR 028), and what a
/// suspension does everywhere: out of the catalogue, search, lists and the sitemap, not buyable, not joinable; its buyers
/// keep the item, the stream and the library; its staff keep the studio's list; lifting it restores everything.
/// </summary>
[Collection(PlatformAdminCollection.Name)]
public sealed class PlatformOrganizationsTests(PlatformAdminFixture fixture)
{
    private readonly AdminApi _api = new(fixture);
    private TestData Data => _api.Data;

    private sealed record Cast(Data.Organization Org, Data.User Owner, string OwnerCookie, Data.User Buyer, string BuyerCookie,
        Data.ContentItem Paid, Data.ContentItem Free, string Word, string AdminCookie, Data.User Admin);

    /// <summary>An organization with its owner, a bought paid video and a free article, and a platform admin.</summary>
    private async Task<Cast> ArrangeAsync()
    {
        var word = "w" + Guid.NewGuid().ToString("N")[..10];
        var (org, owner, ownerCookie) = await _api.OrganizationWithOwnerAsync();
        var buyer = await Data.UserAsync("Bea Buyer");
        var (paid, _) = await Data.VideoAsync(org, owner, AccessType.Paid, title: $"Paid {word}");
        var free = await Data.ContentAsync(org, owner, $"Free {word}");
        await Data.PurchaseAsync(buyer, paid);
        var admin = await Data.UserAsync("Ada Admin", UserRole.Admin);
        return new Cast(org, owner, ownerCookie, buyer, await Data.SessionCookieAsync(buyer), paid, free, word,
            await Data.SessionCookieAsync(admin), admin);
    }

    private Task<HttpResponseMessage> PatchAsync(Guid organizationId, string? cookie, object body) =>
        _api.SendAsync(HttpMethod.Patch, $"/api/admin/organizations/{organizationId}", cookie, body);

    private async Task SuspendAsync(Cast cast, bool suspended = true) =>
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(cast.Org.Id, cast.AdminCookie, new { suspended, reason = "Copyright claims" })).StatusCode);

    private async Task<HttpResponseMessage> WorkerAsync(Role role, string path, string? cookie = null)
    {
        using var http = fixture.Client(role);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (path.StartsWith("/api/content/sitemap", StringComparison.Ordinal)) request.Headers.Add(InternalAuth.Header, fixture.System.InternalKey);
        return await http.SendAsync(request);
    }

    private async Task<PagedList<ContentDto>> CatalogueAsync(string query, string? cookie = null)
    {
        var response = await WorkerAsync(Role.ContentApi, "/api/content?" + query, cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<ContentDto>>();
    }

    private async Task<List<Data.AuditEntry>> AuditOfAsync(Guid organizationId)
    {
        await using var db = fixture.Db();
        var target = organizationId.ToString("D");
        return await db.AuditLog.AsNoTracking().Where(a => a.TargetType == "organization" && a.TargetId == target).OrderBy(a => a.CreatedAt).ToListAsync();
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Owner, HttpStatusCode.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.Forbidden)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task EveryRoute_ByCaller(Who who, HttpStatusCode status)
    {
        var org = await Data.OrganizationAsync();
        var cookie = await Data.CookieAsync(org, who); // an owner or admin of this very organization is still no platform admin

        var list = await _api.GetAsync("/api/admin/organizations", cookie);
        var one = await _api.GetAsync($"/api/admin/organizations/{org.Id}", cookie);
        var patch = await PatchAsync(org.Id, cookie, new { suspended = true, reason = "Fraud" });

        Assert.Equal([status, status, status], new[] { list.StatusCode, one.StatusCode, patch.StatusCode });
        if (status != HttpStatusCode.OK)
        {
            Assert.Equal(status == HttpStatusCode.Unauthorized ? ErrorCodes.Unauthorized : ErrorCodes.Forbidden, (await patch.ErrorAsync()).Code);
            Assert.Empty(await AuditOfAsync(org.Id));
        }
    }

    [Fact]
    public async Task List_SearchesNameAndSlug_FiltersByStatus_WithMembersAndPublishedCounts()
    {
        var cast = await ArrangeAsync();
        var word = "n" + Guid.NewGuid().ToString("N")[..10];
        var suspended = await Data.OrganizationAsync();
        var deleted = await Data.OrganizationAsync();
        await using (var db = fixture.Db())
        {
            await db.Organizations.Where(o => o.Id == cast.Org.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, $"Active {word}"));
            await db.Organizations.Where(o => o.Id == suspended.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, $"Suspended {word}")
                .SetProperty(o => o.CreatedAt, cast.Org.CreatedAt.AddDays(1)));
            await db.Organizations.Where(o => o.Id == deleted.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, $"Deleted {word}")
                .SetProperty(o => o.DeletedAt, DateTimeOffset.UtcNow).SetProperty(o => o.CreatedAt, cast.Org.CreatedAt.AddDays(-1)));
        }
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(suspended.Id, cast.AdminCookie, new { suspended = true, reason = "Reason shown" })).StatusCode);

        async Task<PagedList<AdminOrganizationDto>> ListAsync(string query) =>
            await (await _api.GetAsync("/api/admin/organizations?" + query, cast.AdminCookie)).ReadAsync<PagedList<AdminOrganizationDto>>();
        var all = await ListAsync($"search={word.ToUpperInvariant()}");
        var bySlug = await ListAsync($"search={cast.Org.Slug}");

        Assert.Equal([suspended.Id, cast.Org.Id, deleted.Id], all.Items.Select(o => o.Id));
        Assert.Equal([OrganizationStatus.Suspended, OrganizationStatus.Active, OrganizationStatus.Deleted], all.Items.Select(o => o.Status));
        Assert.Equal("Reason shown", all.Items[0].SuspensionReason);
        var active = all.Items[1];
        Assert.Equal((1, 2, (string?)null), (active.Members, active.PublishedContent, active.SuspensionReason));
        Assert.Equal([cast.Org.Id], bySlug.Items.Select(o => o.Id));
        Assert.Equal([suspended.Id], (await ListAsync($"search={word}&status=suspended")).Items.Select(o => o.Id));
        Assert.Equal([cast.Org.Id], (await ListAsync($"search={word}&status=active")).Items.Select(o => o.Id));
        Assert.Equal([deleted.Id], (await ListAsync($"search={word}&status=deleted")).Items.Select(o => o.Id));
        Assert.Equal(new Pagination(2, 1, 3, 3), (await ListAsync($"search={word}&limit=1&page=2")).Pagination);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("limit=101", "limit")]
    [InlineData("status=frozen", "status")]
    public async Task List_WithABadQuery_Returns400(string query, string field)
    {
        var admin = await Data.UserAsync("Admin", UserRole.Admin);

        var response = await _api.GetAsync("/api/admin/organizations?" + query, await Data.SessionCookieAsync(admin));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Suspend_WritesTheAuditRow_AndTheSameValueAgainWritesNothing()
    {
        var cast = await ArrangeAsync();

        var first = await PatchAsync(cast.Org.Id, cast.AdminCookie, new { suspended = true, reason = "Copyright claims" });
        var again = await PatchAsync(cast.Org.Id, cast.AdminCookie, new { suspended = true, reason = "Twice" });
        var lifted = await PatchAsync(cast.Org.Id, cast.AdminCookie, new { suspended = false, reason = "Claims settled" });

        Assert.Equal(OrganizationStatus.Suspended, (await first.ReadAsync<DataEnvelope<AdminOrganizationDto>>()).Data.Status);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(OrganizationStatus.Active, (await lifted.ReadAsync<DataEnvelope<AdminOrganizationDto>>()).Data.Status);
        var audit = await AuditOfAsync(cast.Org.Id);
        Assert.Equal(["organization.suspend", "organization.unsuspend"], audit.Select(a => a.Action));
        Assert.Equal(["Copyright claims", "Claims settled"], audit.Select(a => a.Reason));
        Assert.All(audit, a => Assert.Equal(cast.Admin.Id, a.ActorId));
        Assert.All(audit, a => Assert.Equal(cast.Org.Id, a.OrganizationId));
    }

    [Fact]
    public async Task Suspend_ADeletedOrUnknownOrganization_404()
    {
        var cast = await ArrangeAsync();
        await using (var db = fixture.Db())
            await db.Organizations.Where(o => o.Id == cast.Org.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DeletedAt, DateTimeOffset.UtcNow));

        var deleted = await PatchAsync(cast.Org.Id, cast.AdminCookie, new { suspended = true, reason = "x" });
        var unknown = await PatchAsync(Guid.NewGuid(), cast.AdminCookie, new { suspended = true, reason = "x" });
        var getUnknown = await _api.GetAsync($"/api/admin/organizations/{Guid.NewGuid()}", cast.AdminCookie);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { deleted.StatusCode, unknown.StatusCode, getUnknown.StatusCode });
        Assert.Equal(ErrorCodes.NotFound, (await deleted.ErrorAsync()).Code);
        Assert.Empty(await AuditOfAsync(cast.Org.Id));
    }

    [Theory]
    [InlineData("{}", "suspended")]
    [InlineData("{\"reason\":\"why\"}", "suspended")]
    [InlineData("{\"suspended\":\"yes\"}", "suspended")]
    [InlineData("{\"suspended\":true,\"reason\":\"LONG\"}", "reason")]
    public async Task Patch_WithABadBody_Returns400(string body, string field)
    {
        var cast = await ArrangeAsync();
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/admin/organizations/{cast.Org.Id}")
        {
            Content = new StringContent(body.Replace("LONG", new string('x', 501)), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", cast.AdminCookie);

        var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
        Assert.Empty(await AuditOfAsync(cast.Org.Id));
    }

    [Fact]
    public async Task AMalformedIdOrABodyThatIsNotJson_Returns400()
    {
        var cast = await ArrangeAsync();
        var notJson = new HttpRequestMessage(HttpMethod.Patch, $"/api/admin/organizations/{cast.Org.Id}")
        {
            Content = new StringContent("{suspended:", System.Text.Encoding.UTF8, "application/json"),
        };
        notJson.Headers.Add("Cookie", cast.AdminCookie);

        var get = await _api.GetAsync("/api/admin/organizations/not-a-uuid", cast.AdminCookie);
        var patch = await PatchAsync(Guid.Empty, cast.AdminCookie, new { suspended = true });
        var malformed = await _api.SendAsync(HttpMethod.Patch, "/api/admin/organizations/123", cast.AdminCookie, new { suspended = true });
        var invalid = await _api.Client.SendAsync(notJson);

        Assert.Contains("id", await get.FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Contains("id", await malformed.FieldErrorsAsync());
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.InvalidJson), (invalid.StatusCode, (await invalid.ErrorAsync()).Code));
        Assert.Empty(await AuditOfAsync(cast.Org.Id));
    }

    [Fact]
    public async Task Suspended_ItsContentLeavesTheCatalogueSearchListsAndSitemap_AndComesBackWhenLifted()
    {
        var cast = await ArrangeAsync();
        var sitemapCount = async () => (await (await WorkerAsync(Role.ContentApi, "/api/content/sitemap/count")).ReadAsync<DataEnvelope<SitemapCountDto>>()).Data.Total;
        var sitemap = async () => (await (await WorkerAsync(Role.ContentApi, "/api/content/sitemap?limit=50000")).ReadAsync<List<SitemapEntryDto>>())
            .Where(e => e.OrganizationSlug == cast.Org.Slug).ToList();
        var before = await sitemapCount();
        Assert.Equal(2, (await CatalogueAsync($"search={cast.Word}")).Pagination.Total);

        await SuspendAsync(cast);

        Assert.Equal(0, (await CatalogueAsync($"search={cast.Word}")).Pagination.Total);
        Assert.Empty((await CatalogueAsync($"organizationId={cast.Org.Id}")).Items);
        Assert.Equal(0, (await CatalogueAsync($"organizationId={cast.Org.Id}")).Pagination.Total);
        Assert.DoesNotContain(cast.Paid.Id, (await CatalogueAsync("limit=100")).Items.Select(i => i.Id));
        Assert.Equal(before - 2, await sitemapCount());
        Assert.Empty(await sitemap());
        var organizations = await (await WorkerAsync(Role.OrganizationApi, $"/api/organizations?search={cast.Org.Slug}")).ReadAsync<PagedList<OrganizationDto>>();
        Assert.Empty(organizations.Items);
        Assert.Equal(HttpStatusCode.NotFound, (await WorkerAsync(Role.ContentApi, $"/api/content/{cast.Free.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await WorkerAsync(Role.ContentApi, $"/api/content/slug/{cast.Free.Slug}?organizationSlug={cast.Org.Slug}")).StatusCode);
        // The organization itself still answers by slug (its studio needs it), saying it is suspended.
        var bySlug = await (await WorkerAsync(Role.OrganizationApi, $"/api/organizations/slug/{cast.Org.Slug}")).ReadAsync<DataEnvelope<OrganizationDto>>();
        Assert.NotNull(bySlug.Data.SuspendedAt);

        await SuspendAsync(cast, suspended: false);

        Assert.Equal(2, (await CatalogueAsync($"search={cast.Word}")).Pagination.Total);
        Assert.Equal(before, await sitemapCount());
        Assert.Equal(2, (await sitemap()).Count);
        Assert.Null((await (await WorkerAsync(Role.OrganizationApi, $"/api/organizations/slug/{cast.Org.Slug}")).ReadAsync<DataEnvelope<OrganizationDto>>()).Data.SuspendedAt);
        Assert.Equal(HttpStatusCode.OK, (await WorkerAsync(Role.ContentApi, $"/api/content/{cast.Free.Id}")).StatusCode);
    }

    [Fact]
    public async Task Suspended_BuyersKeepTheItemTheStreamAndTheLibrary_OthersAreRefused()
    {
        var cast = await ArrangeAsync();
        var stranger = await Data.SessionCookieAsync(await Data.UserAsync("Stranger"));

        await SuspendAsync(cast);

        Assert.Equal(HttpStatusCode.OK, (await WorkerAsync(Role.ContentApi, $"/api/content/{cast.Paid.Id}", cast.BuyerCookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await _api.StreamAsync(cast.Paid.Id, cast.BuyerCookie));
        Assert.Contains(cast.Paid.Id, await _api.LibraryAsync(cast.BuyerCookie));
        Assert.Equal(HttpStatusCode.NotFound, (await WorkerAsync(Role.ContentApi, $"/api/content/{cast.Paid.Id}", stranger)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await _api.StreamAsync(cast.Free.Id, stranger));
    }

    [Fact]
    public async Task Suspended_ItsStaffStillListItsItemsInTheStudio()
    {
        var cast = await ArrangeAsync();

        await SuspendAsync(cast);

        var studio = await CatalogueAsync($"scope=mine&organizationId={cast.Org.Id}", cast.OwnerCookie);
        Assert.Equal(2, studio.Pagination.Total);
        Assert.Equal(HttpStatusCode.OK, (await WorkerAsync(Role.ContentApi, $"/api/content/{cast.Free.Id}", cast.OwnerCookie)).StatusCode);
        var mine = await (await WorkerAsync(Role.OrganizationApi, "/api/organizations/mine", cast.OwnerCookie)).ReadAsync<DataEnvelope<List<MembershipDto>>>();
        Assert.NotNull(Assert.Single(mine.Data).Organization.SuspendedAt);
    }

    [Fact]
    public async Task Suspended_CheckoutIs422WithASentence_AndJoiningIs403()
    {
        var cast = await ArrangeAsync();
        var stranger = await Data.SessionCookieAsync(await Data.UserAsync("Would-be buyer"));
        var ecom = new Codex.Tests.Workers.EcomApi.EcomApi(fixture, () => "whsec_unused");

        await SuspendAsync(cast);

        var checkout = await ecom.CreateAsync(stranger, cast.Paid.Id);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, checkout.StatusCode);
        var error = await checkout.ErrorAsync();
        Assert.Equal((ErrorCodes.ContentNotPurchasable, SuspensionMessages.NotPurchasable), (error.Code, error.Message));
        using var org = fixture.Client(Role.OrganizationApi);
        var join = new HttpRequestMessage(HttpMethod.Post, $"/api/organizations/{cast.Org.Id}/join");
        join.Headers.Add("Cookie", stranger);
        var joined = await org.SendAsync(join);
        Assert.Equal(HttpStatusCode.Forbidden, joined.StatusCode);
        Assert.Equal(SuspensionMessages.NoJoining, (await joined.ErrorAsync()).Message);

        await SuspendAsync(cast, suspended: false);

        Assert.Equal(HttpStatusCode.OK, (await ecom.CreateAsync(stranger, cast.Paid.Id)).StatusCode);
    }
}
