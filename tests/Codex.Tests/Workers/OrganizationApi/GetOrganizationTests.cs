using System.Net;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.OrganizationApi;

[Collection(OrganizationsCollection.Name)]
public sealed class GetOrganizationTests(OrganizationsFixture fixture)
{
    private readonly OrganizationsApi _api = new(fixture);

    [Fact]
    public async Task Get_OrganizationById_Returns200WithTheOrganization()
    {
        var org = await _api.OrganizationAsync("Bakers Guild", description: "Bread", logoUrl: "https://cdn.example.test/logo.png",
            websiteUrl: "https://bakers.example.test");

        var response = await _api.GetAsync($"/api/organizations/{org.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<OrganizationDto>>()).Data;
        Assert.Equal(org.Id, dto.Id);
        Assert.Equal(org.Slug, dto.Slug);
        Assert.Equal("Bakers Guild", dto.Name);
        Assert.Equal("Bread", dto.Description);
        Assert.Equal("https://cdn.example.test/logo.png", dto.LogoUrl);
        Assert.Equal("https://bakers.example.test", dto.WebsiteUrl);
        Assert.Equal(org.CreatedAt.ToUnixTimeMilliseconds(), dto.CreatedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Get_OrganizationById_WritesTheContractShape_CamelCaseWithLowerCaseId()
    {
        var org = await _api.OrganizationAsync();

        var text = await (await _api.GetAsync($"/api/organizations/{org.Id}")).Content.ReadAsStringAsync();

        Assert.Contains($"\"id\":\"{org.Id:D}\"", text);
        Assert.Contains("\"data\":{", text);
        Assert.Contains("\"createdAt\":\"", text);
        Assert.Contains("\"websiteUrl\":null", text);
    }

    [Fact]
    public async Task Get_OrganizationById_Unknown_Returns404NotFound()
    {
        var response = await _api.GetAsync($"/api/organizations/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("123")]
    [InlineData("6F9619FF8B86D011B42D00C04FC964FF")]
    public async Task Get_OrganizationById_NotAUuid_Returns400WithIdFieldError(string id)
    {
        var response = await _api.GetAsync($"/api/organizations/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["id"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_OrganizationBySlug_Returns200WithTheOrganization()
    {
        var org = await _api.OrganizationAsync("Slug Lookup");

        var response = await _api.GetAsync($"/api/organizations/slug/{org.Slug}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<OrganizationDto>>()).Data;
        Assert.Equal(org.Id, dto.Id);
        Assert.Equal("Slug Lookup", dto.Name);
    }

    [Fact]
    public async Task Get_OrganizationBySlug_InUpperCase_FindsTheOrganization()
    {
        var org = await _api.OrganizationAsync();

        var response = await _api.GetAsync($"/api/organizations/slug/{org.Slug.ToUpperInvariant()}");

        Assert.Equal(org.Id, (await response.ReadAsync<DataEnvelope<OrganizationDto>>()).Data.Id);
    }

    [Theory]
    [InlineData("no-such-organization-here")]
    [InlineData("settings")]
    public async Task Get_OrganizationBySlug_Unknown_Returns404NotFound(string slug)
    {
        var response = await _api.GetAsync($"/api/organizations/slug/{slug}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_OrganizationBySlug_LongerThanAnySlug_Returns404NotFound()
    {
        var response = await _api.GetAsync($"/api/organizations/slug/{new string('a', 300)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_Organization_UnknownSubRoute_Returns404Envelope()
    {
        var org = await _api.OrganizationAsync();

        var response = await _api.GetAsync($"/api/organizations/{org.Id}/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    public static TheoryData<string> PublicRoutes => ["/api/organizations/{id}", "/api/organizations/slug/{slug}",
        "/api/organizations/{id}/settings", "/api/organizations?search={token}"];

    [Theory]
    [MemberData(nameof(PublicRoutes))]
    public async Task Get_PublicRoute_Anonymous_AnswersWithETagAndPublicCacheControl_And304ForThatETag(string route)
    {
        var token = OrganizationsApi.Unique();
        var org = await _api.OrganizationAsync("Cache " + token);
        var path = route.Replace("{id}", org.Id.ToString()).Replace("{slug}", org.Slug).Replace("{token}", token);

        var first = await _api.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("public", first.Headers.CacheControl?.ToString());

        var again = await _api.SendAsync(HttpMethod.Get, path, ifNoneMatch: etag.ToString());

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_OrganizationById_AfterAnUpdate_AnswersWithANewETag()
    {
        var org = await _api.OrganizationAsync("Before");
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var etag = (await _api.GetAsync($"/api/organizations/{org.Id}")).Headers.ETag;
        Assert.NotNull(etag);

        await _api.SendAsync(HttpMethod.Patch, $"/api/organizations/{org.Id}", owner, new UpdateOrganizationRequest(null, "After", null, null, null));
        var response = await _api.SendAsync(HttpMethod.Get, $"/api/organizations/{org.Id}", ifNoneMatch: etag.ToString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("After", (await response.ReadAsync<DataEnvelope<OrganizationDto>>()).Data.Name);
    }

    [Fact]
    public async Task Get_OrganizationById_WithASession_IsNotCachedPublicly()
    {
        var org = await _api.OrganizationAsync();
        var (_, cookie) = await _api.SignedInAsync();

        var response = await _api.GetAsync($"/api/organizations/{org.Id}", cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("public", response.Headers.CacheControl?.ToString() ?? "");
    }
}
