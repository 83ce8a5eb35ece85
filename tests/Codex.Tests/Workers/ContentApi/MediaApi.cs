using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>Calls to the media library as each kind of caller, and what the store holds afterwards.</summary>
public sealed class MediaApi(MediaFixture fixture)
{
    private readonly HttpClient _client = fixture.Client(Role.ContentApi);

    public TestData Data { get; } = new(fixture);

    public Task<string?> CookieAsync(Organization org, Who who) => Data.CookieAsync(org, who);

    /// <summary>The error code the management routes answer with for a refused caller.</summary>
    public static string CodeOf(HttpStatusCode status) => status == HttpStatusCode.Unauthorized ? ErrorCodes.Unauthorized : ErrorCodes.Forbidden;

    public static bool Allowed(Who who) => who is Who.Creator or Who.Admin or Who.Owner or Who.PlatformAdmin;

    public async Task<(Organization Org, User Creator, string Cookie)> StudioAsync()
    {
        var org = await Data.OrganizationAsync();
        var creator = await Data.UserAsync("Creator", UserRole.Creator);
        await Data.MembershipAsync(org, creator, MemberRole.Creator);
        return (org, creator, await Data.SessionCookieAsync(creator));
    }

    public Task<HttpResponseMessage> UploadAsync(string? cookie, HttpContent form) => SendAsync(HttpMethod.Post, "/api/media", cookie, form);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return _client.SendAsync(request);
    }

    public Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, string? cookie, object body) =>
        SendAsync(method, path, cookie, JsonContent.Create(body, body.GetType(), options: ContractJson.Options));

    /// <summary>No media row of <paramref name="org"/> and no file under its uploads folder.</summary>
    public async Task AssertNothingStoredAsync(Organization org)
    {
        Assert.Empty(fixture.FilesOf(org));
        await using var db = fixture.Db();
        Assert.False(await db.Media.AnyAsync(m => m.OrganizationId == org.Id));
    }

    /// <summary>A file that sniffs as MP4 (the real clip's first bytes), padded to <paramref name="size"/> bytes.</summary>
    public static byte[] Mp4Of(long size)
    {
        var bytes = new byte[size];
        var clip = MediaFiles.Bytes("clip.mp4");
        clip.AsSpan(0, (int)Math.Min(clip.Length, size)).CopyTo(bytes);
        return bytes;
    }

    /// <summary>Waits up to 15 s for <paramref name="condition"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }
}
