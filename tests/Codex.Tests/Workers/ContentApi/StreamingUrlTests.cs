using System.Net;
using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.ContentApi;

[Collection(ContentAccessCollection.Name)]
public sealed class StreamingUrlTests(ContentAccessFixture fixture)
{
    private readonly AccessClient _api = new(fixture);
    private TestData Data => _api.Data;

    public static TheoryData<string, AccessType, HttpStatusCode> Matrix()
    {
        var data = new TheoryData<string, AccessType, HttpStatusCode>();
        var callers = new[] { "anonymous", "other", "buyer", "refunded", "member", "creator", "admin", "owner" };
        foreach (var caller in callers) data.Add(caller, AccessType.Free, HttpStatusCode.OK);
        foreach (var caller in callers)
            data.Add(caller, AccessType.Paid, caller switch
            {
                "anonymous" => HttpStatusCode.Unauthorized,
                "buyer" or "creator" or "admin" or "owner" => HttpStatusCode.OK,
                _ => HttpStatusCode.Forbidden,
            });
        foreach (var caller in callers)
            data.Add(caller, AccessType.Members, caller switch
            {
                "anonymous" => HttpStatusCode.Unauthorized,
                "member" or "creator" or "admin" or "owner" => HttpStatusCode.OK,
                _ => HttpStatusCode.Forbidden,
            });
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Stream_AccessMatrix(string caller, AccessType access, HttpStatusCode expected)
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var (item, media) = await Data.VideoAsync(org, author, access);
        var user = caller == "anonymous" ? null : await Data.UserAsync();
        switch (caller)
        {
            case "buyer": await Data.PurchaseAsync(user!, item); break;
            case "refunded": await Data.PurchaseAsync(user!, item, PurchaseStatus.Refunded); break;
            case "member": await Data.MembershipAsync(org, user!, MemberRole.Member); break;
            case "creator": await Data.MembershipAsync(org, user!, MemberRole.Creator); break;
            case "admin": await Data.MembershipAsync(org, user!, MemberRole.Admin); break;
            case "owner": await Data.MembershipAsync(org, user!, MemberRole.Owner); break;
        }

        var response = await _api.GetAsync($"/api/access/content/{item.Id}/stream", user);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            var dto = (await response.ReadAsync<DataEnvelope<StreamingUrlDto>>()).Data;
            Assert.Equal("video/mp4", dto.ContentType);
            Assert.Matches($"^https://codex\\.example/media/{media.Id}\\?exp=\\d+&sig=[A-Za-z0-9_-]+$", dto.StreamingUrl);
            var expiresIn = dto.ExpiresAt - fixture.Clock.GetUtcNow();
            Assert.InRange(expiresIn.TotalSeconds, 590, 601);
        }
        else
        {
            var error = await response.ErrorAsync();
            Assert.Equal(expected == HttpStatusCode.Unauthorized ? ErrorCodes.Unauthorized : ErrorCodes.AccessDenied, error.Code);
        }
    }

    [Fact]
    public async Task Stream_ItemCreatorWithoutMembership_HasAccessToPaid()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var (item, _) = await Data.VideoAsync(org, author, AccessType.Paid);

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"/api/access/content/{item.Id}/stream", author)).StatusCode);
    }

    [Theory]
    [InlineData("60", HttpStatusCode.OK)]
    [InlineData("7200", HttpStatusCode.OK)]
    [InlineData("59", HttpStatusCode.BadRequest)]
    [InlineData("7201", HttpStatusCode.BadRequest)]
    [InlineData("soon", HttpStatusCode.BadRequest)]
    public async Task Stream_ExpirySeconds_Bounds(string expiry, HttpStatusCode expected)
    {
        var org = await Data.OrganizationAsync();
        var (item, _) = await Data.VideoAsync(org, await Data.UserAsync());

        var response = await _api.GetAsync($"/api/access/content/{item.Id}/stream?expirySeconds={expiry}");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            var dto = (await response.ReadAsync<DataEnvelope<StreamingUrlDto>>()).Data;
            var exp = long.Parse(Regex.Match(dto.StreamingUrl, @"exp=(\d+)").Groups[1].Value);
            Assert.Equal(dto.ExpiresAt.ToUnixTimeSeconds(), exp);
            Assert.InRange((dto.ExpiresAt - fixture.Clock.GetUtcNow()).TotalSeconds, int.Parse(expiry) - 10, int.Parse(expiry) + 1);
        }
        else
        {
            Assert.Contains("expirySeconds", await response.FieldErrorsAsync());
        }
    }

    [Fact]
    public async Task Stream_UnknownDraftOrDeleted_Is404()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var draft = await Data.ContentAsync(org, author, "Draft", ContentType.Video, status: ContentStatus.Draft);
        var deleted = await Data.ContentAsync(org, author, "Gone", ContentType.Video, deleted: true);

        foreach (var id in new[] { Guid.NewGuid(), draft.Id, deleted.Id })
        {
            var response = await _api.GetAsync($"/api/access/content/{id}/stream", await Data.UserAsync());
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.GetAsync("/api/access/content/not-a-uuid/stream")).StatusCode);
    }

    [Fact]
    public async Task Stream_Draft_OnlyForThoseWhoManageIt()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var (item, _) = await Data.VideoAsync(org, author, AccessType.Paid);
        await using (var db = fixture.Db())
        {
            db.Attach(item);
            item.Status = ContentStatus.Draft;
            await db.SaveChangesAsync();
        }
        var admin = await Data.UserAsync();
        await Data.MembershipAsync(org, admin, MemberRole.Admin);
        var member = await Data.UserAsync();
        await Data.MembershipAsync(org, member, MemberRole.Member);

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"/api/access/content/{item.Id}/stream", author)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"/api/access/content/{item.Id}/stream", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/access/content/{item.Id}/stream", member)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/access/content/{item.Id}/stream")).StatusCode);
    }

    [Theory]
    [InlineData(MediaStatus.Transcoding)]
    [InlineData(MediaStatus.Failed)]
    public async Task Stream_MediaNotReady_Is422(MediaStatus status)
    {
        var org = await Data.OrganizationAsync();
        var (item, _) = await Data.VideoAsync(org, await Data.UserAsync(), mediaStatus: status);

        var response = await _api.GetAsync($"/api/access/content/{item.Id}/stream");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(ErrorCodes.MediaNotReady, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Stream_WrittenOrWithoutMedia_Is422()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var written = await Data.ContentAsync(org, author, "Article");
        var noMedia = await Data.ContentAsync(org, author, "Video without media", ContentType.Video);

        foreach (var id in new[] { written.Id, noMedia.Id })
        {
            var response = await _api.GetAsync($"/api/access/content/{id}/stream");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal(ErrorCodes.MediaNotReady, (await response.ErrorAsync()).Code);
        }
    }

    [Fact]
    public void Stream_SigningKey_IsGeneratedIntoTheDataFolder()
    {
        var file = Path.Combine(fixture.DataPath, "media-signing-key");
        Assert.True(File.Exists(file));
        Assert.Equal(64, File.ReadAllText(file).Trim().Length);
    }
}
