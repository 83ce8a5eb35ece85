using System.Net;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>An item without a picture of its own shows the thumbnail transcoding made for its media, in lists and alone.</summary>
[Collection(WorkersCollection.Name)]
public sealed class ContentThumbnailTests(WorkersFixture fixture)
{
    private readonly TestData _data = new(fixture);
    private readonly HttpClient _client = fixture.Client(Role.ContentApi);

    [Fact]
    public async Task AnItemWithoutItsOwnPicture_ShowsItsMediasThumbnail_WhichLoads()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync();
        var (item, media) = await _data.VideoAsync(org, creator);
        var (own, _) = await _data.VideoAsync(org, creator, title: "Own picture");
        var key = $"uploads/{org.Id:N}/{media.Id:N}/thumbnail.jpg";
        var path = Path.Combine(fixture.DataPath, "media", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4]);
        await using (var db = fixture.Db())
        {
            (await db.Media.FindAsync(media.Id))!.ThumbnailKey = key;
            (await db.Content.FindAsync(item.Id))!.ThumbnailUrl = null;
            (await db.Content.FindAsync(own.Id))!.ThumbnailUrl = "/demo/thumb-1.jpg";
            await db.SaveChangesAsync();
        }

        var alone = (await (await _client.GetAsync($"/api/content/{item.Id}")).ReadAsync<DataEnvelope<ContentDto>>()).Data;
        var list = (await (await _client.GetAsync($"/api/content?organizationId={org.Id}")).ReadAsync<PagedList<ContentDto>>()).Items;

        Assert.NotNull(alone.ThumbnailUrl);
        Assert.Equal(alone.ThumbnailUrl, list.Single(i => i.Id == item.Id).ThumbnailUrl);
        Assert.Equal("/demo/thumb-1.jpg", list.Single(i => i.Id == own.Id).ThumbnailUrl);
        var picture = await _client.GetAsync(new Uri(alone.ThumbnailUrl!).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        Assert.Equal([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4], await picture.Content.ReadAsByteArrayAsync());
    }
}
