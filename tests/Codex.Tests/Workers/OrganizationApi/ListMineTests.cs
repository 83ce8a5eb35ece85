using System.Net;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.OrganizationApi;

[Collection(OrganizationsCollection.Name)]
public sealed class ListMineTests(OrganizationsFixture fixture)
{
    private readonly OrganizationsApi _api = new(fixture);

    [Fact]
    public async Task Get_Mine_ReturnsTheCallersActiveMembershipsWithRole_ByOrganizationName()
    {
        var (user, cookie) = await _api.SignedInAsync();
        var zebra = await _api.OrganizationAsync("Zebra Studio", description: "Stripes");
        var apple = await _api.OrganizationAsync("apple press");
        var suspended = await _api.OrganizationAsync("Middle Suspended");
        var invited = await _api.OrganizationAsync("Invited Only");
        await _api.OrganizationAsync("Not Mine");
        await _api.Data.MembershipAsync(zebra, user, MemberRole.Owner);
        await _api.Data.MembershipAsync(apple, user, MemberRole.Creator);
        await _api.MembershipAsync(suspended, user, MemberRole.Admin, MembershipStatus.Suspended);
        await _api.MembershipAsync(invited, user, MemberRole.Member, MembershipStatus.Invited);

        var response = await _api.GetAsync("/api/organizations/mine", cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mine = (await response.ReadAsync<DataEnvelope<List<MembershipDto>>>()).Data;
        Assert.Equal([apple.Id, zebra.Id], mine.Select(m => m.Organization.Id));
        Assert.Equal([MemberRole.Creator, MemberRole.Owner], mine.Select(m => m.Role));
        Assert.Equal(("Zebra Studio", zebra.Slug, "Stripes"), (mine[1].Organization.Name, mine[1].Organization.Slug, mine[1].Organization.Description));
    }

    [Fact]
    public async Task Get_Mine_WritesRolesAsWireNames()
    {
        var (user, cookie) = await _api.SignedInAsync();
        await _api.Data.MembershipAsync(await _api.OrganizationAsync(), user, MemberRole.Owner);

        var text = await (await _api.GetAsync("/api/organizations/mine", cookie)).Content.ReadAsStringAsync();

        Assert.Contains("\"role\":\"owner\"", text);
        Assert.Contains("\"joinedAt\":\"", text);
    }

    [Fact]
    public async Task Get_Mine_WithoutMemberships_ReturnsAnEmptyList()
    {
        var (_, cookie) = await _api.SignedInAsync();

        var response = await _api.GetAsync("/api/organizations/mine", cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.ReadAsync<DataEnvelope<List<MembershipDto>>>()).Data);
    }

    [Fact]
    public async Task Get_Mine_Anonymous_Returns401_NotAnIdError()
    {
        var response = await _api.GetAsync("/api/organizations/mine");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_Mine_IsNeverCachedPublicly()
    {
        var (_, cookie) = await _api.SignedInAsync();

        var response = await _api.GetAsync("/api/organizations/mine", cookie);

        Assert.DoesNotContain("public", response.Headers.CacheControl?.ToString() ?? "");
    }
}
