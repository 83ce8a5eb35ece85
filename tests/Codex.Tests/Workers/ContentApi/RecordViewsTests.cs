using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Contracts.Notifications;
using Codex.Tests.Infrastructure;
using Codex.Workers.ContentApi.Views;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.ContentApi;

/// <summary><c>POST /api/content/:id/views</c> (ADR 022): the internal key, the body's rules, and counting once per viewer per 30 minutes.</summary>
[Collection(WorkersCollection.Name)]
public sealed class RecordViewsTests(WorkersFixture fixture)
{
    private readonly TestData _data = new(fixture);
    private readonly HttpClient _http = fixture.Client(Role.ContentApi);

    private Task<HttpResponseMessage> PostAsync(Guid id, object body, string? key = "") => PostAsync(id.ToString(), body, key);

    private Task<HttpResponseMessage> PostAsync(string id, object body, string? key = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/content/{id}/views") { Content = JsonContent.Create(body, options: ContractJson.Options) };
        if (key is not null) request.Headers.Add(InternalAuth.Header, key.Length == 0 ? fixture.System.InternalKey : key);
        return _http.SendAsync(request);
    }

    private static RecordViewsRequest Anonymous(params string[] keys) => new([.. keys.Select(k => new ContentViewer(null, k))]);

    private static string NewKey() => Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<int> CountedAsync(Guid id, object body)
    {
        var response = await PostAsync(id, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<RecordViewsResult>>()).Data.Counted;
    }

    private async Task<long> ViewCountAsync(Guid id)
    {
        await using var db = fixture.Db();
        return (await db.Content.AsNoTracking().SingleAsync(c => c.Id == id)).ViewCount;
    }

    private async Task<(Data.Organization Org, Data.User Author, Data.ContentItem Item)> ItemAsync(ContentStatus status = ContentStatus.Published,
        long views = 0, bool deleted = false)
    {
        var org = await _data.OrganizationAsync();
        var author = await _data.UserAsync();
        return (org, author, await _data.ContentAsync(org, author, "Viewed", status: status, views: views, deleted: deleted));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-key")]
    public async Task Post_Views_WithoutTheInternalKey_Returns403_AndCountsNothing(string? key)
    {
        var (_, _, item) = await ItemAsync();

        var response = await PostAsync(item.Id, Anonymous(NewKey()), key ?? null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.Forbidden, (await response.ErrorAsync()).Code);
        Assert.Equal(0, await ViewCountAsync(item.Id));
    }

    [Fact]
    public async Task Post_Views_WithASessionButNoKey_Returns403()
    {
        var (_, _, item) = await ItemAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/content/{item.Id}/views") { Content = JsonContent.Create(Anonymous(NewKey())) };
        request.Headers.Add("Cookie", await _data.SessionCookieAsync(await _data.UserAsync(role: UserRole.Admin)));

        Assert.Equal(HttpStatusCode.Forbidden, (await _http.SendAsync(request)).StatusCode);
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { """{"viewers":[]}""", "viewers" },
        { """{}""", "viewers" },
        { """{"viewers":[{}]}""", "viewers[0]" },
        { """{"viewers":[{"userId":"6f1c2a8e-0000-4000-8000-000000000001","anonymousKey":"abcdefghijklmnopqrstu"}]}""", "viewers[0]" },
        { """{"viewers":[{"anonymousKey":"short"}]}""", "viewers[0].anonymousKey" },
        { """{"viewers":[{"anonymousKey":"has spaces and = signs....."}]}""", "viewers[0].anonymousKey" },
        { "{\"viewers\":[{\"anonymousKey\":\"" + new string('a', 63) + "\"}]}", "viewers[0].anonymousKey" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Post_Views_WithABadBody_Returns400OnTheField(string body, string field)
    {
        var (_, _, item) = await ItemAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/content/{item.Id}/views")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(InternalAuth.Header, fixture.System.InternalKey);

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_Views_WithTooManyViewers_Returns400()
    {
        var (_, _, item) = await ItemAsync();

        var response = await PostAsync(item.Id, Anonymous([.. Enumerable.Range(0, 101).Select(_ => NewKey())]));

        Assert.Equal(["viewers"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_Views_WithAMalformedId_Returns400_AndAnUnknownOrDeletedItem404()
    {
        var (_, _, deleted) = await ItemAsync(deleted: true);

        Assert.Equal(["id"], await (await PostAsync("nope", Anonymous(NewKey()))).FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(Guid.NewGuid(), Anonymous(NewKey()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(deleted.Id, Anonymous(NewKey()))).StatusCode);
    }

    [Fact]
    public async Task Post_Views_OfADraft_CountsNothing()
    {
        var (_, _, draft) = await ItemAsync(ContentStatus.Draft);

        Assert.Equal(0, await CountedAsync(draft.Id, Anonymous(NewKey())));
        Assert.Equal(0, await ViewCountAsync(draft.Id));
    }

    [Fact]
    public async Task Post_Views_CountsEachViewerOncePer30Minutes()
    {
        var (_, _, item) = await ItemAsync(views: 40);
        var visitor = NewKey();
        var user = await _data.UserAsync();
        var both = new RecordViewsRequest([new ContentViewer(null, visitor), new ContentViewer(user.Id, null)]);

        Assert.Equal(2, await CountedAsync(item.Id, both));
        Assert.Equal(0, await CountedAsync(item.Id, both));
        fixture.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(1, await CountedAsync(item.Id, new RecordViewsRequest([.. both.Viewers!, new ContentViewer(null, NewKey())])));
        fixture.Clock.Advance(TimeSpan.FromMinutes(2)); // 31 minutes after the first count
        Assert.Equal(2, await CountedAsync(item.Id, both));

        Assert.Equal(45, await ViewCountAsync(item.Id));
    }

    [Fact]
    public async Task Post_Views_RepeatsWithinOneReport_CountOnce()
    {
        var (_, _, item) = await ItemAsync();
        var visitor = NewKey();

        Assert.Equal(1, await CountedAsync(item.Id, Anonymous(visitor, visitor, visitor)));
        Assert.Equal(1, await ViewCountAsync(item.Id));
    }

    [Fact]
    public async Task Post_Views_OfTheSameViewerAtOnce_CountOnce()
    {
        var (_, _, item) = await ItemAsync();
        var visitor = NewKey();
        var user = await _data.UserAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            PostAsync(item.Id, i % 2 == 0 ? Anonymous(visitor) : new RecordViewsRequest([new ContentViewer(user.Id, null)]))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var counted = 0;
        foreach (var answer in answers) counted += (await answer.ReadAsync<DataEnvelope<RecordViewsResult>>()).Data.Counted;
        Assert.Equal(2, counted);
        Assert.Equal(2, await ViewCountAsync(item.Id));
    }

    [Theory]
    [InlineData(MemberRole.Owner, false)]
    [InlineData(MemberRole.Admin, false)]
    [InlineData(MemberRole.Creator, false)]
    [InlineData(MemberRole.Member, true)]
    public async Task Post_Views_ByTheItemsTeam_AreNotCounted(MemberRole role, bool counted)
    {
        var (org, author, item) = await ItemAsync();
        var user = await _data.UserAsync();
        await _data.MembershipAsync(org, user, role);
        var admin = await _data.UserAsync(role: UserRole.Admin);

        var result = await CountedAsync(item.Id, new RecordViewsRequest([new ContentViewer(user.Id, null), new ContentViewer(author.Id, null),
            new ContentViewer(admin.Id, null)]));

        Assert.Equal(counted ? 2 : 1, result); // the author never; a platform admin who is not in the team counts
        Assert.Equal(result, await ViewCountAsync(item.Id));
    }

    [Fact]
    public async Task Sweep_ForgetsViewersWhoseWindowIsOver_AndNothingElse()
    {
        var (_, _, item) = await ItemAsync();
        var early = NewKey();
        Assert.Equal(1, await CountedAsync(item.Id, Anonymous(early)));
        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        var late = NewKey();
        Assert.Equal(1, await CountedAsync(item.Id, Anonymous(late)));
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));

        await using (var db = fixture.Db())
        {
            await new ContentViews(db, fixture.Clock).SweepAsync(default);
        }

        await using var check = fixture.Db();
        var left = await check.ContentViews.AsNoTracking().Where(v => v.ContentId == item.Id).Select(v => v.ViewerKey).ToListAsync();
        Assert.Equal(["a:" + late], left);
        Assert.Equal(1, await CountedAsync(item.Id, Anonymous(early))); // the forgotten viewer counts again
    }
}
