using System.Net;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Contracts.Identity;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.IdentityApi;

/// <summary><c>GET/PATCH /api/user/profile</c> and <c>GET /api/users/:username</c>.</summary>
[Collection(IdentityCollection.Name)]
public sealed class ProfileTests(IdentityFixture fixture)
{
    private readonly IdentityApi _api = new(fixture);

    private static string Handle() => "p_" + Guid.NewGuid().ToString("N")[..12];

    private Task<HttpResponseMessage> PatchAsync(string? cookie, string json) =>
        _api.SendAsync(HttpMethod.Patch, "/api/user/profile", cookie, content: new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Get_Profile_Anonymous_Returns401()
    {
        var response = await _api.GetAsync("/api/user/profile");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_Profile_ReturnsTheCallersOwnProfile()
    {
        var (user, cookie) = await _api.PersonAsync("Ada Lovelace");

        var profile = await _api.DataAsync<ProfileDto>(await _api.GetAsync("/api/user/profile", cookie));

        Assert.Equal(user.Id, profile.Id);
        Assert.Equal(user.Email, profile.Email);
        Assert.Equal("Ada Lovelace", profile.Name);
        Assert.Null(profile.Username);
        Assert.Null(profile.AvatarUrl);
        Assert.Null(profile.PendingEmail);
    }

    [Fact]
    public async Task Patch_Profile_IsAPartialUpdate_AbsentKeeps_NullClears()
    {
        var (_, cookie) = await _api.PersonAsync();
        var handle = Handle();

        var first = await _api.DataAsync<ProfileDto>(await PatchAsync(cookie,
            $$"""{"name":"  Grace Hopper ","username":"{{handle}}","bio":"Compilers.","websiteUrl":"https://example.com/grace"}"""));
        var second = await _api.DataAsync<ProfileDto>(await PatchAsync(cookie, """{"bio":null}"""));
        var third = await _api.DataAsync<ProfileDto>(await PatchAsync(cookie, """{"websiteUrl":"   "}"""));

        Assert.Equal(("Grace Hopper", handle, "Compilers.", "https://example.com/grace"), (first.Name, first.Username, first.Bio, first.WebsiteUrl));
        Assert.Equal(("Grace Hopper", handle, null, "https://example.com/grace"), (second.Name, second.Username, second.Bio, second.WebsiteUrl));
        Assert.Null(third.WebsiteUrl);
        Assert.Equal(handle, (await _api.DataAsync<ProfileDto>(await _api.GetAsync("/api/user/profile", cookie))).Username);
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":null}""", "name")]
    [InlineData("""{"username":"Has Caps"}""", "username")]
    [InlineData("""{"username":"ab"}""", "username")]
    [InlineData("""{"username":"abcdefghijklmnopqrstuvwxyz12345"}""", "username")]
    [InlineData("""{"username":"dash-ed"}""", "username")]
    [InlineData("""{"websiteUrl":"javascript:alert(1)"}""", "websiteUrl")]
    [InlineData("""{"websiteUrl":"example.com"}""", "websiteUrl")]
    [InlineData("""{"websiteUrl":"ftp://example.com"}""", "websiteUrl")]
    public async Task Patch_Profile_WithAnInvalidValue_Returns400_NamingTheField(string json, string field)
    {
        var (_, cookie) = await _api.PersonAsync();

        var response = await PatchAsync(cookie, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Patch_Profile_WithABioOver500Characters_Returns400()
    {
        var (_, cookie) = await _api.PersonAsync();

        var response = await _api.SendAsync(HttpMethod.Patch, "/api/user/profile", cookie, new UpdateProfileFieldsRequest { Bio = new string('b', 501) });
        var exactly = await _api.SendAsync(HttpMethod.Patch, "/api/user/profile", cookie, new UpdateProfileFieldsRequest { Bio = new string('b', 500) });

        Assert.Contains("bio", await response.FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.OK, exactly.StatusCode);
    }

    [Fact]
    public async Task Patch_Profile_WithAnotherPersonsUsername_Returns409Conflict_OnTheUsernameField()
    {
        var (_, first) = await _api.PersonAsync();
        var (_, second) = await _api.PersonAsync();
        var handle = Handle();
        await _api.DataAsync<ProfileDto>(await PatchAsync(first, $$"""{"username":"{{handle}}"}"""));

        var response = await PatchAsync(second, $$"""{"username":"{{handle}}"}""");
        var keepingOwn = await PatchAsync(first, $$"""{"username":"{{handle}}","name":"Same Handle"}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.Contains(handle, error.Message);
        Assert.True(((JsonElement)error.Details!).GetProperty("fieldErrors").TryGetProperty("username", out _));
        Assert.Equal(HttpStatusCode.OK, keepingOwn.StatusCode);
    }

    [Fact]
    public async Task Patch_Profile_Anonymous_Returns401_AndInvalidJson_Returns400()
    {
        var (_, cookie) = await _api.PersonAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await PatchAsync(null, """{"name":"X"}""")).StatusCode);
        var broken = await PatchAsync(cookie, "{\"name\":");
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, (await broken.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Content_CarriesItsCreatorsUsername_OnceChosen()
    {
        var (user, cookie) = await _api.PersonAsync();
        var org = await _api.Data.OrganizationAsync();
        var item = await _api.Data.ContentAsync(org, user, "Written by a person with a handle");
        var handle = Handle();
        await _api.DataAsync<ProfileDto>(await PatchAsync(cookie, $$"""{"username":"{{handle}}"}"""));

        using var content = fixture.Client(Role.ContentApi);
        var dto = (await (await content.GetAsync($"/api/content/{item.Id}")).ReadAsync<DataEnvelope<ContentDto>>()).Data;

        Assert.Equal(handle, dto.Creator!.Username);
    }

    [Fact]
    public async Task Get_PublicProfile_Anonymous_ShowsThePublicFields_NeverTheEmail()
    {
        var (user, cookie) = await _api.PersonAsync("Public Person");
        var handle = Handle();
        await _api.DataAsync<ProfileDto>(await PatchAsync(cookie, $$"""{"username":"{{handle}}","bio":"Hello.","websiteUrl":"https://example.org"}"""));

        var response = await _api.GetAsync($"/api/users/{handle}");
        var text = await response.Content.ReadAsStringAsync();
        var profile = await _api.DataAsync<PublicProfileDto>(response);

        Assert.Equal((user.Id, "Public Person", handle, "Hello.", "https://example.org"), (profile.Id, profile.Name, profile.Username, profile.Bio, profile.WebsiteUrl));
        Assert.DoesNotContain(user.Email, text);
        Assert.DoesNotContain("email", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("nobody_has_this")]
    [InlineData("NotAHandle")]
    [InlineData("x")]
    public async Task Get_PublicProfile_ForAnUnknownUsername_Returns404(string username)
    {
        var response = await _api.GetAsync($"/api/users/{username}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_PublicProfile_OfADisabledAccount_Returns404()
    {
        var (user, cookie) = await _api.PersonAsync();
        var handle = Handle();
        await _api.DataAsync<ProfileDto>(await PatchAsync(cookie, $$"""{"username":"{{handle}}"}"""));
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisabledAt, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/users/{handle}")).StatusCode);
    }
}
