using System.Net;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.OrganizationApi;

[Collection(OrganizationsCollection.Name)]
public sealed class UpdateOrganizationTests(OrganizationsFixture fixture)
{
    private readonly OrganizationsApi _api = new(fixture);

    private Task<HttpResponseMessage> PatchAsync(Guid id, object body, string? cookie) =>
        _api.SendAsync(HttpMethod.Patch, $"/api/organizations/{id}", cookie, body);

    private static UpdateOrganizationRequest Change(string? slug = null, string? name = null, string? description = null,
        string? logoUrl = null, string? websiteUrl = null) => new(slug, name, description, logoUrl, websiteUrl);

    private async Task<Data.Organization> FullOrganizationAsync() => await _api.OrganizationAsync("Original Name",
        description: "Original description", logoUrl: "https://cdn.example.test/old.png", websiteUrl: "https://old.example.test");

    [Theory]
    [InlineData(Caller.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Caller.OtherUser, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Admin, HttpStatusCode.OK, null)]
    [InlineData(Caller.Owner, HttpStatusCode.OK, null)]
    [InlineData(Caller.PlatformAdmin, HttpStatusCode.OK, null)]
    public async Task Patch_Organization_ByCaller_AnswersByTheirRole(Caller caller, HttpStatusCode status, string? code)
    {
        var org = await _api.OrganizationAsync("Before");
        var cookie = await _api.CookieAsync(org, caller);

        var response = await PatchAsync(org.Id, Change(name: "After"), cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
        await using var db = fixture.Db();
        var name = (await db.Organizations.SingleAsync(o => o.Id == org.Id)).Name;
        Assert.Equal(status == HttpStatusCode.OK ? "After" : "Before", name);
    }

    [Theory]
    [InlineData(MembershipStatus.Invited)]
    [InlineData(MembershipStatus.Suspended)]
    public async Task Patch_Organization_AsOwnerWhoseMembershipIsNotActive_Returns403(MembershipStatus status)
    {
        var org = await _api.OrganizationAsync();
        var (user, cookie) = await _api.SignedInAsync();
        await _api.MembershipAsync(org, user, MemberRole.Owner, status);

        var response = await PatchAsync(org.Id, Change(name: "After"), cookie);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Patch_Organization_OnlyName_LeavesEveryOtherFieldAlone()
    {
        var org = await FullOrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await PatchAsync(org.Id, Change(name: "  New Name "), owner);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<OrganizationDto>>()).Data;
        Assert.Equal(new OrganizationDto(org.Id, org.Slug, "New Name", "Original description", "https://cdn.example.test/old.png",
            "https://old.example.test", dto.CreatedAt), dto);
    }

    [Fact]
    public async Task Patch_Organization_WithAnEmptyBody_ChangesNothing()
    {
        var org = await FullOrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await _api.SendAsync(HttpMethod.Patch, $"/api/organizations/{org.Id}", owner, new { });

        var dto = (await response.ReadAsync<DataEnvelope<OrganizationDto>>()).Data;
        Assert.Equal(("Original Name", org.Slug, "Original description", "https://cdn.example.test/old.png", "https://old.example.test"),
            (dto.Name, dto.Slug, dto.Description, dto.LogoUrl, dto.WebsiteUrl));
    }

    [Fact]
    public async Task Patch_Organization_WithExplicitNulls_ChangesNothing()
    {
        var org = await FullOrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await _api.SendAsync(HttpMethod.Patch, $"/api/organizations/{org.Id}", owner,
            new { description = (string?)null, logoUrl = (string?)null, websiteUrl = (string?)null, name = (string?)null });

        var dto = (await response.ReadAsync<DataEnvelope<OrganizationDto>>()).Data;
        Assert.Equal(("Original description", "https://cdn.example.test/old.png", "https://old.example.test"),
            (dto.Description, dto.LogoUrl, dto.WebsiteUrl));
    }

    [Fact]
    public async Task Patch_Organization_WithEmptyDescriptionAndAddresses_ClearsThem()
    {
        var org = await FullOrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await PatchAsync(org.Id, Change(description: "", logoUrl: "", websiteUrl: ""), owner);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<OrganizationDto>>()).Data;
        Assert.Equal(("Original Name", (string?)null, (string?)null, (string?)null), (dto.Name, dto.Description, dto.LogoUrl, dto.WebsiteUrl));
    }

    [Fact]
    public async Task Patch_Organization_SetsUpdatedAtFromTheClock()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var before = fixture.Clock.GetUtcNow();

        await PatchAsync(org.Id, Change(description: "Now"), owner);

        await using var db = fixture.Db();
        var updatedAt = (await db.Organizations.SingleAsync(o => o.Id == org.Id)).UpdatedAt;
        Assert.InRange(updatedAt, before.AddSeconds(-1), fixture.Clock.GetUtcNow().AddSeconds(1));
    }

    [Fact]
    public async Task Patch_Organization_NewSlug_Returns200_AndTheOldSlugIsGone()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var slug = OrganizationsApi.NewSlug();

        var response = await PatchAsync(org.Id, Change(slug: slug), owner);

        Assert.Equal(slug, (await response.ReadAsync<DataEnvelope<OrganizationDto>>()).Data.Slug);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"/api/organizations/slug/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/organizations/slug/{org.Slug}")).StatusCode);
    }

    [Fact]
    public async Task Patch_Organization_WithItsOwnSlug_Returns200()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await PatchAsync(org.Id, Change(slug: org.Slug, name: "Same address"), owner);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Patch_Organization_WithAnotherOrganizationsSlug_Returns409SlugTaken_AndChangesNothing()
    {
        var other = await _api.OrganizationAsync();
        var org = await _api.OrganizationAsync("Keep me");
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await PatchAsync(org.Id, Change(slug: other.Slug, name: "Renamed"), owner);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.SlugTaken, (await response.ErrorAsync()).Code);
        await using var db = fixture.Db();
        var stored = await db.Organizations.SingleAsync(o => o.Id == org.Id);
        Assert.Equal((org.Slug, "Keep me"), (stored.Slug, stored.Name));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghi")] // 64
    [InlineData("Upper-Case")]
    [InlineData("under_score")]
    [InlineData("admin")]
    [InlineData("api")]
    [InlineData("studio")]
    [InlineData("login")]
    [InlineData("")]
    public async Task Patch_Organization_WithAnInvalidSlug_Returns400WithSlugFieldError(string slug)
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await PatchAsync(org.Id, Change(slug: slug), owner);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["slug"], await response.FieldErrorsAsync());
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("name", "  ")]
    [InlineData("logoUrl", "not a url")]
    [InlineData("websiteUrl", "mailto:someone@example.test")]
    public async Task Patch_Organization_WithAnInvalidField_Returns400WithThatFieldError(string field, string value)
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var change = field switch
        {
            "name" => Change(name: value),
            "logoUrl" => Change(logoUrl: value),
            _ => Change(websiteUrl: value),
        };

        var response = await PatchAsync(org.Id, change, owner);

        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Patch_Organization_Unknown_Returns404()
    {
        var (_, cookie) = await _api.SignedInAsync(UserRole.Admin);

        var response = await PatchAsync(Guid.NewGuid(), Change(name: "Nobody"), cookie);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Patch_Organization_NotAUuid_Returns400WithIdFieldError()
    {
        var (_, cookie) = await _api.SignedInAsync(UserRole.Admin);

        var response = await _api.SendAsync(HttpMethod.Patch, "/api/organizations/nope", cookie, Change(name: "x"));

        Assert.Equal(["id"], await response.FieldErrorsAsync());
    }
}
