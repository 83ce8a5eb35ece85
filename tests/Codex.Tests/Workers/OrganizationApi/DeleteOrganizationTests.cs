using System.Net;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.OrganizationApi;

/// <summary><c>DELETE /api/organizations/:id</c> (ADR 022): who may, and what a deleted organization is to every other route.</summary>
[Collection(OrganizationsCollection.Name)]
public sealed class DeleteOrganizationTests(OrganizationsFixture fixture)
{
    private readonly OrganizationsApi _api = new(fixture);

    private Task<HttpResponseMessage> DeleteAsync(Guid id, string? cookie) =>
        _api.SendAsync(HttpMethod.Delete, $"/api/organizations/{id}", cookie);

    private async Task<DateTimeOffset?> DeletedAtAsync(Guid id)
    {
        await using var db = fixture.Db();
        return (await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id)).DeletedAt;
    }

    /// <summary>An organization deleted by its owner, and that owner's cookie.</summary>
    private async Task<(Data.Organization Org, string Owner)> DeletedAsync(string? name = null)
    {
        var org = await _api.OrganizationAsync(name);
        var owner = (await _api.CookieAsync(org, Caller.Owner))!;
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(org.Id, owner)).StatusCode);
        return (org, owner);
    }

    [Theory]
    [InlineData(Caller.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Caller.OtherUser, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Admin, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Owner, HttpStatusCode.NoContent, null)]
    [InlineData(Caller.PlatformAdmin, HttpStatusCode.NoContent, null)]
    public async Task Delete_Organization_ByCaller_AnswersByTheirRole(Caller caller, HttpStatusCode status, string? code)
    {
        var org = await _api.OrganizationAsync();
        var cookie = await _api.CookieAsync(org, caller);
        var before = fixture.Clock.GetUtcNow();

        var response = await DeleteAsync(org.Id, cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
        else Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var deletedAt = await DeletedAtAsync(org.Id);
        if (status == HttpStatusCode.NoContent) Assert.InRange(deletedAt!.Value, before.AddSeconds(-1), fixture.Clock.GetUtcNow().AddSeconds(1));
        else Assert.Null(deletedAt);
    }

    [Fact]
    public async Task Delete_Organization_Unknown_Returns404()
    {
        var (_, cookie) = await _api.SignedInAsync(UserRole.Admin);

        var response = await DeleteAsync(Guid.NewGuid(), cookie);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Delete_Organization_WithAMalformedId_Returns400OnId()
    {
        var (_, cookie) = await _api.SignedInAsync(UserRole.Admin);

        var response = await _api.SendAsync(HttpMethod.Delete, "/api/organizations/not-a-uuid", cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["id"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Delete_Organization_AlreadyDeleted_Returns404_AndKeepsTheFirstTime()
    {
        var (org, owner) = await DeletedAsync();
        var first = await DeletedAtAsync(org.Id);
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));

        var again = await DeleteAsync(org.Id, owner);
        var byAdmin = await DeleteAsync(org.Id, await _api.CookieAsync(org, Caller.PlatformAdmin));

        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await again.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.NotFound, byAdmin.StatusCode);
        Assert.Equal(first, await DeletedAtAsync(org.Id));
    }

    [Fact]
    public async Task Delete_Organization_TwiceAtOnce_DeletesItOnce()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => DeleteAsync(org.Id, owner)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.NoContent), a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        await using var db = fixture.Db();
        Assert.Equal(1, await db.AuditLog.CountAsync(e => e.TargetId == org.Id.ToString()));
    }

    [Fact]
    public async Task Deleted_Organization_IsNotFoundByIdSlugOrSettings()
    {
        var (org, _) = await DeletedAsync();

        foreach (var path in new[] { $"/api/organizations/{org.Id}", $"/api/organizations/slug/{org.Slug}", $"/api/organizations/{org.Id}/settings" })
        {
            var response = await _api.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
            Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
        }
    }

    [Fact]
    public async Task Deleted_Organization_LeavesTheListAndItsSearch()
    {
        var word = OrganizationsApi.Unique();
        var kept = await _api.OrganizationAsync("Kept " + word);
        var (gone, _) = await DeletedAsync("Gone " + word);

        var response = await _api.GetAsync($"/api/organizations?search={word}&limit=100");

        var list = await response.ReadAsync<PagedList<OrganizationDto>>();
        Assert.Equal([kept.Id], list.Items.Select(o => o.Id));
        Assert.Equal(1, list.Pagination.Total);
        Assert.DoesNotContain(gone.Id, list.Items.Select(o => o.Id));
    }

    [Fact]
    public async Task Deleted_Organization_LeavesMine_ForEveryMember()
    {
        var org = await _api.OrganizationAsync();
        var other = await _api.OrganizationAsync();
        var (member, cookie) = await _api.SignedInAsync();
        await _api.Data.MembershipAsync(org, member, MemberRole.Creator);
        await _api.Data.MembershipAsync(other, member, MemberRole.Member);
        var owner = await _api.CookieAsync(org, Caller.Owner);

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(org.Id, owner)).StatusCode);

        var mine = (await (await _api.GetAsync("/api/organizations/mine", cookie)).ReadAsync<DataEnvelope<List<MembershipDto>>>()).Data;
        Assert.Equal([other.Id], mine.Select(m => m.Organization.Id));
        Assert.Empty((await (await _api.GetAsync("/api/organizations/mine", owner)).ReadAsync<DataEnvelope<List<MembershipDto>>>()).Data);
    }

    [Theory]
    [InlineData("PATCH", "")]
    [InlineData("GET", "/members")]
    [InlineData("POST", "/members")]
    [InlineData("PUT", "/settings")]
    public async Task Deleted_Organization_ManagementRoutes_Return404_EvenToItsOwner(string method, string suffix)
    {
        var (org, owner) = await DeletedAsync();
        var admin = await _api.CookieAsync(org, Caller.PlatformAdmin);
        object? body = method switch
        {
            "PATCH" => new { name = "Back again" },
            "POST" => new { email = "someone@example.test", role = "member" },
            "PUT" => new { },
            _ => null,
        };

        foreach (var cookie in new[] { owner, admin })
        {
            var response = await _api.SendAsync(new HttpMethod(method), $"/api/organizations/{org.Id}{suffix}", cookie, body);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Create_Organization_WithADeletedOrganizationsSlug_Returns409SlugTaken()
    {
        var (org, owner) = await DeletedAsync();

        var response = await _api.SendAsync(HttpMethod.Post, "/api/organizations", owner, new CreateOrganizationRequest(org.Slug, "A new one", null, null, null));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.SlugTaken, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Delete_Organization_WithdrawsPendingInvitations_AndWritesTheAuditLog()
    {
        var org = await _api.OrganizationAsync();
        var (owner, cookie) = await _api.SignedInAsync();
        await _api.Data.MembershipAsync(org, owner, MemberRole.Owner);
        var now = fixture.Clock.GetUtcNow();
        Data.Invitation Invitation(DateTimeOffset? acceptedAt) => new()
        {
            Id = Guid.NewGuid(), OrganizationId = org.Id, Email = $"i-{Guid.NewGuid():N}@example.test", Role = MemberRole.Member,
            TokenHash = Guid.NewGuid().ToString("N"), InvitedById = owner.Id, ExpiresAt = now.AddDays(7), AcceptedAt = acceptedAt, CreatedAt = now,
        };
        var pending = Invitation(null);
        var accepted = Invitation(now);
        await using (var db = fixture.Db())
        {
            db.Invitations.AddRange(pending, accepted);
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(org.Id, cookie)).StatusCode);

        await using var check = fixture.Db();
        Assert.NotNull((await check.Invitations.SingleAsync(i => i.Id == pending.Id)).RevokedAt);
        Assert.Null((await check.Invitations.SingleAsync(i => i.Id == accepted.Id)).RevokedAt);
        var entry = await check.AuditLog.SingleAsync(e => e.TargetId == org.Id.ToString());
        Assert.Equal(("organization.delete", "organization", owner.Id, org.Id), (entry.Action, entry.TargetType, entry.ActorId, entry.OrganizationId));
        Assert.Contains(org.Slug, entry.Details);
    }
}
