using System.Net;
using System.Net.Http.Json;
using System.Text;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.ContentApi;

[Collection(ContentAccessCollection.Name)]
public sealed class ProgressTests(ContentAccessFixture fixture)
{
    private readonly AccessClient _api = new(fixture);
    private TestData Data => _api.Data;

    private Task<HttpResponseMessage> SaveAsync(Guid id, Data.User? user, object body) =>
        _api.SendAsync(HttpMethod.Post, $"/api/access/content/{id}/progress", user, JsonContent.Create(body));

    private async Task<PlaybackProgressDto?> ReadAsync(Guid id, Data.User user)
    {
        var response = await _api.GetAsync($"/api/access/content/{id}/progress", user);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<ProgressDto>>()).Data.Progress;
    }

    private async Task<(Data.ContentItem Item, Data.User User)> FreeItemAsync()
    {
        var org = await Data.OrganizationAsync();
        var (item, _) = await Data.VideoAsync(org, await Data.UserAsync());
        return (item, await Data.UserAsync());
    }

    [Theory]
    [InlineData("""{"positionSeconds":10,"durationSeconds":1e400}""", "durationSeconds")]
    [InlineData("""{"positionSeconds":1e400,"durationSeconds":1e400}""", "positionSeconds")]
    [InlineData("""{"positionSeconds":10,"durationSeconds":1e12}""", "durationSeconds")]
    [InlineData("""{"positionSeconds":-1e400,"durationSeconds":100}""", "positionSeconds")]
    public async Task Progress_NonFiniteOrAbsurdNumbers_Are400_AndNothingIsStored(string body, string field)
    {
        var (item, user) = await FreeItemAsync();

        var response = await _api.SendAsync(HttpMethod.Post, $"/api/access/content/{item.Id}/progress", user,
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
        Assert.Null(await ReadAsync(item.Id, user));
        var library = await _api.GetAsync("/api/access/user/library", user);
        Assert.Equal(HttpStatusCode.OK, library.StatusCode);
    }

    [Fact]
    public async Task Progress_NoneSaved_IsNull()
    {
        var (item, user) = await FreeItemAsync();

        var response = await _api.GetAsync($"/api/access/content/{item.Id}/progress", user);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"data":{"progress":null}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Progress_Save_204_ThenLastPositionIsRead()
    {
        var (item, user) = await FreeItemAsync();

        var first = await SaveAsync(item.Id, user, new { positionSeconds = 30.5, durationSeconds = 100 });
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Empty(await first.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await SaveAsync(item.Id, user, new { positionSeconds = 12, durationSeconds = 100 })).StatusCode);

        var progress = await ReadAsync(item.Id, user);
        Assert.NotNull(progress);
        Assert.Equal(12, progress.PositionSeconds);
        Assert.Equal(100, progress.DurationSeconds);
        Assert.False(progress.Completed);
        Assert.InRange((fixture.Clock.GetUtcNow() - progress.UpdatedAt).TotalSeconds, -1, 30);
    }

    [Theory]
    [InlineData(94.9, null, false)]
    [InlineData(95, null, true)]
    [InlineData(100, null, true)]
    [InlineData(10, true, true)]
    [InlineData(96, false, true)]
    public async Task Progress_CompletedAt95PercentOrWhenSaid(double position, bool? completed, bool expected)
    {
        var (item, user) = await FreeItemAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await SaveAsync(item.Id, user, new { positionSeconds = position, durationSeconds = 100, completed })).StatusCode);

        Assert.Equal(expected, (await ReadAsync(item.Id, user))!.Completed);
    }

    [Fact]
    public async Task Progress_Completed_IsSticky()
    {
        var (item, user) = await FreeItemAsync();

        await SaveAsync(item.Id, user, new { positionSeconds = 99, durationSeconds = 100 });
        await SaveAsync(item.Id, user, new { positionSeconds = 5, durationSeconds = 100, completed = false });

        var progress = await ReadAsync(item.Id, user);
        Assert.True(progress!.Completed);
        Assert.Equal(5, progress.PositionSeconds);
    }

    [Theory]
    [InlineData(-1d, 100d, "positionSeconds")]
    [InlineData(100.5d, 100d, "positionSeconds")]
    [InlineData(0d, 0d, "durationSeconds")]
    [InlineData(0d, -5d, "durationSeconds")]
    [InlineData(null, 100d, "positionSeconds")]
    [InlineData(10d, null, "durationSeconds")]
    public async Task Progress_Bounds_400(double? position, double? duration, string field)
    {
        var (item, user) = await FreeItemAsync();

        var response = await SaveAsync(item.Id, user, new { positionSeconds = position, durationSeconds = duration });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
        Assert.Null(await ReadAsync(item.Id, user));
    }

    [Fact]
    public async Task Progress_NotJson_400InvalidJson()
    {
        var (item, user) = await FreeItemAsync();

        var response = await _api.SendAsync(HttpMethod.Post, $"/api/access/content/{item.Id}/progress", user,
            new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Progress_Anonymous_401_EvenOnFreeContent()
    {
        var (item, _) = await FreeItemAsync();

        var get = await _api.GetAsync($"/api/access/content/{item.Id}/progress");
        var post = await SaveAsync(item.Id, null, new { positionSeconds = 1, durationSeconds = 10 });

        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await get.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Theory]
    [InlineData(AccessType.Paid)]
    [InlineData(AccessType.Members)]
    public async Task Progress_WithoutAccess_403AccessDenied(AccessType access)
    {
        var org = await Data.OrganizationAsync();
        var (item, _) = await Data.VideoAsync(org, await Data.UserAsync(), access);
        var stranger = await Data.UserAsync();

        var get = await _api.GetAsync($"/api/access/content/{item.Id}/progress", stranger);
        var post = await SaveAsync(item.Id, stranger, new { positionSeconds = 1, durationSeconds = 10 });

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(ErrorCodes.AccessDenied, (await get.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(ErrorCodes.AccessDenied, (await post.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Progress_Buyer_CanSave_RefundedCannot()
    {
        var org = await Data.OrganizationAsync();
        var (item, _) = await Data.VideoAsync(org, await Data.UserAsync(), AccessType.Paid);
        var buyer = await Data.UserAsync();
        var refunded = await Data.UserAsync();
        await Data.PurchaseAsync(buyer, item);
        await Data.PurchaseAsync(refunded, item, PurchaseStatus.Refunded);

        Assert.Equal(HttpStatusCode.NoContent, (await SaveAsync(item.Id, buyer, new { positionSeconds = 1, durationSeconds = 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SaveAsync(item.Id, refunded, new { positionSeconds = 1, durationSeconds = 10 })).StatusCode);
    }

    [Fact]
    public async Task Progress_UnknownContent_404()
    {
        var user = await Data.UserAsync();

        var response = await SaveAsync(Guid.NewGuid(), user, new { positionSeconds = 1, durationSeconds = 10 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Progress_ConcurrentFirstSaves_AllSucceedWithOneRow()
    {
        var (item, user) = await FreeItemAsync();
        var cookie = await Data.SessionCookieAsync(user);

        var saves = Enumerable.Range(1, 12).Select(async i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/access/content/{item.Id}/progress")
            {
                Content = JsonContent.Create(new { positionSeconds = i, durationSeconds = 100 }),
            };
            request.Headers.Add("Cookie", cookie);
            return (await _api.Http.SendAsync(request)).StatusCode;
        });

        Assert.All(await Task.WhenAll(saves), status => Assert.Equal(HttpStatusCode.NoContent, status));
        await using var db = fixture.Db();
        Assert.Equal(1, db.PlaybackProgress.Count(p => p.UserId == user.Id && p.ContentId == item.Id));
    }
}
