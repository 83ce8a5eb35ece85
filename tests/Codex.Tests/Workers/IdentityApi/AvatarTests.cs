using System.Net;
using Codex.Contracts;
using Codex.Contracts.Identity;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.OrganizationApi;

namespace Codex.Tests.Workers.IdentityApi;

/// <summary><c>POST/DELETE /api/user/avatar</c> and the files the site forwards from <c>/avatars/...</c>.</summary>
[Collection(IdentityCollection.Name)]
public sealed class AvatarTests(IdentityFixture fixture)
{
    private readonly IdentityApi _api = new(fixture);

    private Task<HttpResponseMessage> UploadAsync(string? cookie, byte[] bytes, string fileName, string contentType = "application/octet-stream") =>
        _api.SendAsync(HttpMethod.Post, "/api/user/avatar", cookie, content: LogoTests.Form(bytes, fileName, contentType));

    [Theory]
    [InlineData("logo.png", "image/png", ".png")]
    [InlineData("logo.jpg", "image/jpeg", ".jpg")]
    [InlineData("logo.webp", "image/webp", ".webp")]
    public async Task Post_Avatar_StoresThePicture_AndServesItWithItsTypeAndNosniff(string name, string type, string extension)
    {
        var (user, cookie) = await _api.PersonAsync();

        var profile = await _api.DataAsync<ProfileDto>(await UploadAsync(cookie, LogoTests.Fixture(name), name));

        Assert.Matches(ProfileRules.AvatarPathPattern(), profile.AvatarUrl!);
        Assert.StartsWith($"/avatars/{user.Id}/", profile.AvatarUrl);
        Assert.EndsWith(extension, profile.AvatarUrl);
        var file = await _api.GetAsync(profile.AvatarUrl!);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(type, file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", file.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(LogoTests.Fixture(name), await file.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_Avatar_APngNamedJpg_IsTakenAsThePngItIs()
    {
        var (_, cookie) = await _api.PersonAsync();

        var profile = await _api.DataAsync<ProfileDto>(await UploadAsync(cookie, LogoTests.Fixture("logo.png"), "holiday.jpg", "image/jpeg"));

        Assert.EndsWith(".png", profile.AvatarUrl);
        Assert.Equal("image/png", (await _api.GetAsync(profile.AvatarUrl!)).Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("logo.svg", "image/svg+xml")]
    [InlineData("text.png", "image/png")]
    public async Task Post_Avatar_ThatIsNotAPicture_Returns400_OnTheFileField(string name, string contentType)
    {
        var (_, cookie) = await _api.PersonAsync();
        var bytes = name == "text.png" ? "just some text, not a picture"u8.ToArray() : LogoTests.Fixture(name);

        var response = await UploadAsync(cookie, bytes, name, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("file", await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_Avatar_OneByteOver2MB_Returns413()
    {
        var (_, cookie) = await _api.PersonAsync();

        var response = await UploadAsync(cookie, new byte[ProfileRules.AvatarMaxBytes + 1], "huge.png", "image/png");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ErrorCodes.PayloadTooLarge, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_Avatar_Anonymous_Returns401()
    {
        var response = await UploadAsync(null, LogoTests.Fixture("logo.png"), "logo.png");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_Avatar_Again_DeletesTheReplacedFile_AndDelete_RemovesTheAvatar()
    {
        var (_, cookie) = await _api.PersonAsync();
        var first = await _api.DataAsync<ProfileDto>(await UploadAsync(cookie, LogoTests.Fixture("logo.png"), "a.png"));
        var second = await _api.DataAsync<ProfileDto>(await UploadAsync(cookie, LogoTests.Fixture("logo.jpg"), "b.jpg"));

        Assert.NotEqual(first.AvatarUrl, second.AvatarUrl);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(first.AvatarUrl!)).StatusCode);

        var deleted = await _api.SendAsync(HttpMethod.Delete, "/api/user/avatar", cookie);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(second.AvatarUrl!)).StatusCode);
        Assert.Null((await _api.DataAsync<ProfileDto>(await _api.GetAsync("/api/user/profile", cookie))).AvatarUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.SendAsync(HttpMethod.Delete, "/api/user/avatar")).StatusCode);
    }

    [Theory]
    [InlineData("/avatars/not-a-guid/0123456789abcdef0123456789abcdef.png")]
    [InlineData("/avatars/00000000-0000-0000-0000-000000000000/0123456789abcdef0123456789abcdef.png")]
    [InlineData("/avatars/00000000-0000-0000-0000-000000000000/..%2F..%2Fsecret.png")]
    public async Task Get_AvatarFile_ThatIsNotOne_Returns404(string path)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(path)).StatusCode);
    }
}
