using System.Net;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>
/// <c>GET /api/admin/audit</c> (platform admin): every action of every worker, newest first, with its actor (or "deleted
/// user") and a label for its target, filtered by action, actor and target.
/// </summary>
[Collection(PlatformAdminCollection.Name)]
public sealed class AuditLogTests(PlatformAdminFixture fixture)
{
    private readonly AdminApi _api = new(fixture);
    private TestData Data => _api.Data;

    private async Task<PagedList<AuditEntryDto>> AuditAsync(string cookie, string query)
    {
        var response = await _api.GetAsync("/api/admin/audit?" + query, cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<AuditEntryDto>>();
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Owner, HttpStatusCode.Forbidden)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task Get_Audit_ByCaller(Who who, HttpStatusCode status)
    {
        var cookie = await Data.CookieAsync(await Data.OrganizationAsync(), who);

        var response = await _api.GetAsync("/api/admin/audit", cookie);

        Assert.Equal(status, response.StatusCode);
        if (status != HttpStatusCode.OK) Assert.Equal(status == HttpStatusCode.Unauthorized ? ErrorCodes.Unauthorized : ErrorCodes.Forbidden,
            (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task EveryAction_IsListedNewestFirst_WithItsActorTargetLabelReasonAndDetails()
    {
        var admin = await Data.UserAsync("Audrey Admin", UserRole.Admin);
        var cookie = await Data.SessionCookieAsync(admin);
        var (org, owner, ownerCookie) = await _api.OrganizationWithOwnerAsync();
        var target = await Data.UserAsync("Target Person");
        var item = await _api.PaidItemAsync(org, "Granted item");
        var grant = await _api.SendAsync(HttpMethod.Post, $"/api/admin/organizations/{org.Id}/grants", ownerCookie,
            new GrantRequest(target.Id, null, item.Id));
        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Patch, $"/api/admin/users/{target.Id}", cookie,
            new { role = "creator", reason = "Publishes now" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Patch, $"/api/admin/organizations/{org.Id}", cookie,
            new { suspended = true, reason = "Investigation" })).StatusCode);

        var byAdmin = await AuditAsync(cookie, $"actorId={admin.Id}");
        var byOwner = await AuditAsync(cookie, $"actorId={owner.Id}&action=grant.create");

        Assert.Equal(["organization.suspend", "user.role"], byAdmin.Items.Select(e => e.Action));
        var suspension = byAdmin.Items[0];
        Assert.Equal(("Audrey Admin", admin.Email, false), (suspension.ActorName, suspension.ActorEmail, suspension.ActorDeleted));
        Assert.Equal(("organization", org.Id.ToString("D"), org.Name, "Investigation"),
            (suspension.TargetType, suspension.TargetId, suspension.TargetLabel, suspension.Reason));
        var role = byAdmin.Items[1];
        Assert.Equal((target.Email, "creator"), (role.TargetLabel, role.Details!.Value.GetProperty("to").GetString()));
        var granted = Assert.Single(byOwner.Items);
        Assert.Equal(("purchase", "Granted item", org.Id), (granted.TargetType, granted.TargetLabel, granted.OrganizationId));
    }

    [Fact]
    public async Task Filters_ByTargetTypeAndId_IgnoringTheCaseOfTheId_AndPages()
    {
        var admin = await Data.UserAsync("Admin", UserRole.Admin);
        var cookie = await Data.SessionCookieAsync(admin);
        var target = await Data.UserAsync("Twice Changed");
        foreach (var (disabled, reason) in new[] { (true, "one"), (false, "two"), (true, "three") })
            Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Patch, $"/api/admin/users/{target.Id}", cookie,
                new { disabled, reason })).StatusCode);

        var all = await AuditAsync(cookie, $"targetType=user&targetId={target.Id.ToString().ToUpperInvariant()}");
        var second = await AuditAsync(cookie, $"targetType=user&targetId={target.Id}&limit=1&page=2");
        var disables = await AuditAsync(cookie, $"targetId={target.Id}&action=user.disable");

        Assert.Equal(["three", "two", "one"], all.Items.Select(e => e.Reason));
        Assert.Equal(new Pagination(2, 1, 3, 3), second.Pagination);
        Assert.Equal("two", Assert.Single(second.Items).Reason);
        Assert.Equal(2, disables.Pagination.Total);
    }

    [Fact]
    public async Task AnActorWhoseAccountWasDeleted_ShowsAsADeletedUser()
    {
        var admin = await Data.UserAsync("Leaving Admin", UserRole.Admin);
        var target = await Data.UserAsync("Someone");
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Patch, $"/api/admin/users/{target.Id}",
            await Data.SessionCookieAsync(admin), new { disabled = true, reason = "Before leaving" })).StatusCode);
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Id == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeletedAt, DateTimeOffset.UtcNow)
                .SetProperty(u => u.Role, UserRole.Customer));
        var reader = await Data.SessionCookieAsync(await Data.UserAsync("Reader", UserRole.Admin));

        var entry = Assert.Single((await AuditAsync(reader, $"actorId={admin.Id}")).Items);

        Assert.True(entry.ActorDeleted);
        Assert.Null(entry.ActorName);
        Assert.Null(entry.ActorEmail);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("limit=101", "limit")]
    [InlineData("actorId=someone", "actorId")]
    public async Task BadQuery_Returns400(string query, string field)
    {
        var cookie = await Data.SessionCookieAsync(await Data.UserAsync("Admin", UserRole.Admin));

        var response = await _api.GetAsync("/api/admin/audit?" + query, cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
    }
}
