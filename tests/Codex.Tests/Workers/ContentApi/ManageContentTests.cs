using System.Net;
using System.Net.Http.Json;
using System.Text;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.OrganizationApi;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>
/// Content management on the Content-API (CONTRACT.md, "Creator side (v2)"): create, partial update checked on the
/// merged item, publish, unpublish, soft delete, slug availability and the studio's list, for every kind of caller.
/// </summary>
[Collection(WorkersCollection.Name)]
public sealed class ManageContentTests(WorkersFixture fixture)
{
    private readonly TestData _data = new(fixture);
    private readonly HttpClient _client = fixture.Client(Role.ContentApi);

    private async Task<(Organization Org, User Creator, string Cookie)> StudioAsync()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Creator", UserRole.Creator);
        await _data.MembershipAsync(org, creator, MemberRole.Creator);
        return (org, creator, await _data.SessionCookieAsync(creator));
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie, object? body = null) =>
        SendRawAsync(method, path, cookie, body is null ? null : JsonContent.Create(body, body.GetType(), options: ContractJson.Options));

    private Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string? cookie, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return _client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PatchJsonAsync(Guid id, string cookie, string json) =>
        SendRawAsync(HttpMethod.Patch, $"/api/content/{id}", cookie, new StringContent(json, Encoding.UTF8, "application/json"));

    private static object Written(Guid orgId, string title = "A written piece", string? slug = null) =>
        new { organizationId = orgId, title, slug, contentType = "written", accessType = "free", contentBody = "# Hello\n\nText." };

    private async Task<ContentDto> CreatedAsync(string cookie, object body)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/content", cookie, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<ContentDto>>()).Data;
    }

    private static async Task<ContentDto> DataAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<ContentDto>>()).Data;
    }

    // --- create ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Create_AsACreatorOfTheOrg_MakesADraft_WithASlugFromTheTitle_AndAnswers201()
    {
        var (org, creator, cookie) = await StudioAsync();

        var dto = await CreatedAsync(cookie, new
        {
            organizationId = org.Id, title = "  Crème Brûlée: the Basics!  ", description = "How to.", contentType = "written",
            accessType = "paid", priceCents = 1250, contentBody = "Steps.", tags = new[] { " baking ", "Baking", "french" },
        });

        Assert.Equal(("Crème Brûlée: the Basics!", "creme-brulee-the-basics", ContentStatus.Draft), (dto.Title, dto.Slug, dto.Status));
        Assert.Equal((org.Id, creator.Id, 1250, "Steps."), (dto.OrganizationId, dto.CreatorId, dto.PriceCents, dto.ContentBody));
        Assert.Equal(["baking", "french"], dto.Tags);
        Assert.Null(dto.PublishedAt);
        await using var db = fixture.Db();
        Assert.Equal(ContentStatus.Draft, (await db.Content.SingleAsync(c => c.Id == dto.Id)).Status);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Created, null)]
    [InlineData(Who.Admin, HttpStatusCode.Created, null)]
    [InlineData(Who.Owner, HttpStatusCode.Created, null)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.Created, null)]
    public async Task Create_ByCaller_AnswersByTheirRoleInTheOrganization(Who who, HttpStatusCode status, string? code)
    {
        var org = await _data.OrganizationAsync();

        var response = await SendAsync(HttpMethod.Post, "/api/content", await _data.CookieAsync(org, who), Written(org.Id));

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Create_ForAnUnknownOrganization_Is404()
    {
        var (_, _, cookie) = await StudioAsync();

        var response = await SendAsync(HttpMethod.Post, "/api/content", cookie, Written(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    public static TheoryData<string, string> InvalidCreations => new()
    {
        { """{"title":"x","contentType":"written","accessType":"free","contentBody":"b"}""", "organizationId" },
        { """{"organizationId":"ORG","title":" ","contentType":"written","accessType":"free","contentBody":"b"}""", "title" },
        { """{"organizationId":"ORG","title":"x","slug":"Not A Slug","contentType":"written","accessType":"free","contentBody":"b"}""", "slug" },
        { """{"organizationId":"ORG","title":"x","slug":"a--b","contentType":"written","accessType":"free","contentBody":"b"}""", "slug" },
        { """{"organizationId":"ORG","title":"x","contentType":"written","accessType":"free"}""", "contentBody" },
        { """{"organizationId":"ORG","title":"x","contentType":"video","accessType":"free"}""", "mediaId" },
        { """{"organizationId":"ORG","title":"x","contentType":"written","accessType":"paid","contentBody":"b"}""", "priceCents" },
        { """{"organizationId":"ORG","title":"x","contentType":"written","accessType":"paid","priceCents":0,"contentBody":"b"}""", "priceCents" },
        { """{"organizationId":"ORG","title":"x","contentType":"written","accessType":"paid","priceCents":10000001,"contentBody":"b"}""", "priceCents" },
        { """{"organizationId":"ORG","title":"x","contentType":"written","accessType":"free","priceCents":100,"contentBody":"b"}""", "priceCents" },
        { """{"organizationId":"ORG","title":"x","contentType":"written","accessType":"members","priceCents":100,"contentBody":"b"}""", "priceCents" },
        { """{"organizationId":"ORG","title":"x","accessType":"free","contentBody":"b"}""", "contentType" },
        { """{"organizationId":"ORG","title":"x","contentType":"written","contentBody":"b"}""", "accessType" },
        { """{"organizationId":"ORG","title":"x","contentType":"written","accessType":"free","contentBody":"b","tags":["ok",""]}""", "tags[1]" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreations))]
    public async Task Create_AgainstTheRules_Is400_OnTheField_AndStoresNothing(string json, string field)
    {
        var (org, _, cookie) = await StudioAsync();

        var response = await SendRawAsync(HttpMethod.Post, "/api/content", cookie,
            new StringContent(json.Replace("ORG", org.Id.ToString()), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
        await using var db = fixture.Db();
        Assert.False(await db.Content.AnyAsync(c => c.OrganizationId == org.Id));
    }

    [Fact]
    public async Task Create_WithLongFields_IsCheckedAgainstTheLimits()
    {
        var (org, _, cookie) = await StudioAsync();

        var response = await SendAsync(HttpMethod.Post, "/api/content", cookie, new
        {
            organizationId = org.Id, title = new string('t', 501), description = new string('d', 10_001), contentType = "written",
            accessType = "free", contentBody = new string('b', 500_001), tags = Enumerable.Range(0, 21).Select(i => "t" + i).ToArray(),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["contentBody", "description", "tags", "title"], (await response.FieldErrorsAsync()).Order());
    }

    [Fact]
    public async Task Create_WithAGivenSlugInUse_Is409SlugTaken_ButADerivedOneTakesTheNextNumber()
    {
        var (org, _, cookie) = await StudioAsync();
        await CreatedAsync(cookie, Written(org.Id, "Same title"));

        var taken = await SendAsync(HttpMethod.Post, "/api/content", cookie, Written(org.Id, "Other", slug: "same-title"));
        var derived = await CreatedAsync(cookie, Written(org.Id, "Same title"));
        var third = await CreatedAsync(cookie, Written(org.Id, "Same  title!"));

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(ErrorCodes.SlugTaken, (await taken.ErrorAsync()).Code);
        Assert.Equal(("same-title-2", "same-title-3"), (derived.Slug, third.Slug));
    }

    [Fact]
    public async Task Create_TheSameSlugInAnotherOrganization_IsFine()
    {
        var (org, _, cookie) = await StudioAsync();
        var (other, _, otherCookie) = await StudioAsync();

        var first = await CreatedAsync(cookie, Written(org.Id, slug: "shared-slug"));
        var second = await CreatedAsync(otherCookie, Written(other.Id, slug: "shared-slug"));

        Assert.Equal(first.Slug, second.Slug);
    }

    [Fact]
    public async Task Create_Video_NeedsAMediaFileOfTheOrganization_OfTheRightKind()
    {
        var (org, creator, cookie) = await StudioAsync();
        var video = await _data.MediaAsync(org, creator, status: MediaStatus.Transcoding);
        var audio = await _data.MediaAsync(org, creator, kind: MediaKind.Audio);
        var foreign = await _data.MediaAsync(await _data.OrganizationAsync(), creator);
        object Body(Guid mediaId) => new { organizationId = org.Id, title = "Clip", contentType = "video", accessType = "free", mediaId };

        var ofAnother = await SendAsync(HttpMethod.Post, "/api/content", cookie, Body(foreign.Id));
        var wrongKind = await SendAsync(HttpMethod.Post, "/api/content", cookie, Body(audio.Id));
        var created = await CreatedAsync(cookie, Body(video.Id));

        Assert.Equal(["mediaId"], await ofAnother.FieldErrorsAsync());
        Assert.Equal(["mediaId"], await wrongKind.FieldErrorsAsync());
        Assert.Equal((video.Id, 120), (created.MediaId, created.DurationSeconds));
    }

    [Fact]
    public async Task Create_WithMalformedJson_Is400_NotA500()
    {
        var (_, _, cookie) = await StudioAsync();

        var response = await SendRawAsync(HttpMethod.Post, "/api/content", cookie,
            new StringContent("""{"organizationId": 12, "title": ["x"]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.ErrorAsync();
    }

    // --- update ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Patch_AnAbsentFieldIsKept_NullClearsIt_AndOnlyTheGivenOnesChange()
    {
        var (org, _, cookie) = await StudioAsync();
        var item = await CreatedAsync(cookie, new
        {
            organizationId = org.Id, title = "Title", description = "Kept or cleared", contentType = "written", accessType = "free",
            contentBody = "Body", tags = new[] { "a", "b" },
        });

        var kept = await DataAsync(await PatchJsonAsync(item.Id, cookie, """{"title":"New title"}"""));
        var cleared = await DataAsync(await PatchJsonAsync(item.Id, cookie, """{"description":null,"tags":null}"""));

        Assert.Equal(("New title", "Kept or cleared", item.Slug, "Body"), (kept.Title, kept.Description, kept.Slug, kept.ContentBody));
        Assert.Equal(["a", "b"], kept.Tags);
        Assert.Equal(("New title", (string?)null), (cleared.Title, cleared.Description));
        Assert.Empty(cleared.Tags);
        Assert.True(cleared.UpdatedAt >= item.UpdatedAt);
    }

    [Fact]
    public async Task Patch_IsCheckedOnTheMergedItem()
    {
        var (org, _, cookie) = await StudioAsync();
        var item = await CreatedAsync(cookie, Written(org.Id));

        // Paid without a price in the same request: the merged item breaks the rules.
        var noPrice = await PatchJsonAsync(item.Id, cookie, """{"accessType":"paid"}""");
        var priced = await DataAsync(await PatchJsonAsync(item.Id, cookie, """{"accessType":"paid","priceCents":900}"""));
        // Back to free while the price stays: refused; with the price cleared: fine.
        var freeWithPrice = await PatchJsonAsync(item.Id, cookie, """{"accessType":"free"}""");
        var free = await DataAsync(await PatchJsonAsync(item.Id, cookie, """{"accessType":"free","priceCents":null}"""));
        var noBody = await PatchJsonAsync(item.Id, cookie, """{"contentBody":null}""");
        var noTitle = await PatchJsonAsync(item.Id, cookie, """{"title":null}""");

        Assert.Equal(["priceCents"], await noPrice.FieldErrorsAsync());
        Assert.Equal((AccessType.Paid, 900), (priced.AccessType, priced.PriceCents));
        Assert.Equal(["priceCents"], await freeWithPrice.FieldErrorsAsync());
        Assert.Equal((AccessType.Free, (int?)null), (free.AccessType, free.PriceCents));
        Assert.Equal(["contentBody"], await noBody.FieldErrorsAsync());
        Assert.Equal(["title"], await noTitle.FieldErrorsAsync());
        await using var db = fixture.Db();
        var stored = await db.Content.SingleAsync(c => c.Id == item.Id);
        Assert.Equal(("A written piece", AccessType.Free, "# Hello\n\nText."), (stored.Title, stored.AccessType, stored.ContentBody));
    }

    [Fact]
    public async Task Patch_Slug_ToOneInUse_Is409_ToItsOwn_IsFine_AndNullMakesItFromTheTitleAgain()
    {
        var (org, _, cookie) = await StudioAsync();
        await CreatedAsync(cookie, Written(org.Id, slug: "taken-one"));
        var item = await CreatedAsync(cookie, Written(org.Id, "Mine", slug: "mine"));

        var taken = await PatchJsonAsync(item.Id, cookie, """{"slug":"taken-one"}""");
        var same = await DataAsync(await PatchJsonAsync(item.Id, cookie, """{"slug":"mine"}"""));
        var remade = await DataAsync(await PatchJsonAsync(item.Id, cookie, """{"slug":null,"title":"Taken one"}"""));

        Assert.Equal(ErrorCodes.SlugTaken, (await taken.ErrorAsync()).Code);
        Assert.Equal("mine", same.Slug);
        Assert.Equal("taken-one-2", remade.Slug);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.NotFound)]
    [InlineData(Who.Member, HttpStatusCode.NotFound)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.NotFound)]
    [InlineData(Who.Creator, HttpStatusCode.OK)]
    [InlineData(Who.Admin, HttpStatusCode.OK)]
    [InlineData(Who.Owner, HttpStatusCode.OK)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task Patch_ADraft_ByCaller_IsInvisibleToThoseWhoDoNotManageIt(Who who, HttpStatusCode status)
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Draft", status: ContentStatus.Draft);

        var response = await PatchJsonAsync(item.Id, (await _data.CookieAsync(org, who))!, """{"title":"Changed"}""");

        Assert.Equal(status, response.StatusCode);
    }

    [Theory]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.OK)]
    public async Task Patch_APublishedItem_ByCaller_IsForbiddenToThoseWhoDoNotManageIt(Who who, HttpStatusCode status)
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Published");

        var response = await PatchJsonAsync(item.Id, (await _data.CookieAsync(org, who))!, """{"title":"Changed"}""");

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.Forbidden) Assert.Equal(ErrorCodes.Forbidden, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_ADraft_ByAPlatformAdmin_ShowsItWithItsBody_AsToTheOrganizationsOwnManagers()
    {
        var (org, _, cookie) = await StudioAsync();
        var draft = await CreatedAsync(cookie, Written(org.Id));
        var admin = await _data.SessionCookieAsync(await _data.UserAsync("Platform admin", UserRole.Admin));
        var customer = await _data.SessionCookieAsync(await _data.UserAsync("Customer"));

        var forAdmin = await DataAsync(await SendAsync(HttpMethod.Get, $"/api/content/{draft.Id}", admin));
        var forCustomer = await SendAsync(HttpMethod.Get, $"/api/content/{draft.Id}", customer);

        Assert.Equal(ContentStatus.Draft, forAdmin.Status);
        Assert.Equal("# Hello\n\nText.", forAdmin.ContentBody);
        Assert.Equal(HttpStatusCode.NotFound, forCustomer.StatusCode);
    }

    [Fact]
    public async Task Patch_UnknownOrMalformedIds_Are404And400()
    {
        var (_, _, cookie) = await StudioAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await PatchJsonAsync(Guid.NewGuid(), cookie, "{}")).StatusCode);
        var malformed = await SendRawAsync(HttpMethod.Patch, "/api/content/not-a-uuid", cookie, new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(["id"], await malformed.FieldErrorsAsync());
    }

    // --- publish, unpublish ------------------------------------------------------------------------------------------

    [Fact]
    public async Task Publish_SetsPublishedAtOnce_TwiceIsANoOp_UnpublishKeepsTheDate()
    {
        var (org, _, cookie) = await StudioAsync();
        var item = await CreatedAsync(cookie, Written(org.Id));

        var published = await DataAsync(await SendAsync(HttpMethod.Post, $"/api/content/{item.Id}/publish", cookie));
        var again = await DataAsync(await SendAsync(HttpMethod.Post, $"/api/content/{item.Id}/publish", cookie));
        var unpublished = await DataAsync(await SendAsync(HttpMethod.Post, $"/api/content/{item.Id}/unpublish", cookie));
        var republished = await DataAsync(await SendAsync(HttpMethod.Post, $"/api/content/{item.Id}/publish", cookie));

        Assert.Equal(ContentStatus.Published, published.Status);
        Assert.NotNull(published.PublishedAt);
        Assert.Equal((ContentStatus.Published, published.PublishedAt), (again.Status, again.PublishedAt));
        Assert.Equal(ContentStatus.Draft, unpublished.Status);
        Assert.Equal(published.PublishedAt, republished.PublishedAt);
        // Published, it is in the public catalogue; a draft is not.
        var list = await (await _client.GetAsync($"/api/content?organizationId={org.Id}")).ReadAsync<PagedList<ContentDto>>();
        Assert.Equal([item.Id], list.Items.Select(i => i.Id));
    }

    [Theory]
    [InlineData(MediaStatus.Uploaded)]
    [InlineData(MediaStatus.Transcoding)]
    [InlineData(MediaStatus.Failed)]
    public async Task Publish_VideoWhoseMediaIsNotReady_Is422MediaNotReady_AndStaysADraft(MediaStatus mediaStatus)
    {
        var (org, creator, cookie) = await StudioAsync();
        var media = await _data.MediaAsync(org, creator, status: mediaStatus);
        var item = await CreatedAsync(cookie, new { organizationId = org.Id, title = "Clip", contentType = "video", accessType = "free", mediaId = media.Id });

        var response = await SendAsync(HttpMethod.Post, $"/api/content/{item.Id}/publish", cookie);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(ErrorCodes.MediaNotReady, (await response.ErrorAsync()).Code);
        await using var db = fixture.Db();
        Assert.Equal(ContentStatus.Draft, (await db.Content.SingleAsync(c => c.Id == item.Id)).Status);
    }

    [Fact]
    public async Task Publish_VideoWithReadyMedia_Publishes()
    {
        var (org, creator, cookie) = await StudioAsync();
        var media = await _data.MediaAsync(org, creator);
        var item = await CreatedAsync(cookie, new { organizationId = org.Id, title = "Clip", contentType = "video", accessType = "free", mediaId = media.Id });

        var published = await DataAsync(await SendAsync(HttpMethod.Post, $"/api/content/{item.Id}/publish", cookie));

        Assert.Equal(ContentStatus.Published, published.Status);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.NotFound)]
    [InlineData(Who.Member, HttpStatusCode.NotFound)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.NotFound)]
    [InlineData(Who.Creator, HttpStatusCode.OK)]
    [InlineData(Who.Admin, HttpStatusCode.OK)]
    [InlineData(Who.Owner, HttpStatusCode.OK)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task Publish_ByCaller_AnswersByTheirRole(Who who, HttpStatusCode status)
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Draft", status: ContentStatus.Draft);

        var response = await SendAsync(HttpMethod.Post, $"/api/content/{item.Id}/publish", await _data.CookieAsync(org, who));

        Assert.Equal(status, response.StatusCode);
    }

    [Theory]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.OK)]
    public async Task Unpublish_ByCaller_AnswersByTheirRole(Who who, HttpStatusCode status)
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Published");

        var response = await SendAsync(HttpMethod.Post, $"/api/content/{item.Id}/unpublish", await _data.CookieAsync(org, who));

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task Unpublish_KeepsBuyersAccess()
    {
        var (org, _, cookie) = await StudioAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Paid", access: AccessType.Paid, body: "paid body");
        var buyer = await _data.UserAsync();
        await _data.PurchaseAsync(buyer, item);

        await DataAsync(await SendAsync(HttpMethod.Post, $"/api/content/{item.Id}/unpublish", cookie));

        var progress = await SendAsync(HttpMethod.Post, $"/api/access/content/{item.Id}/progress", await _data.SessionCookieAsync(buyer),
            new { positionSeconds = 1, durationSeconds = 10 });
        Assert.Equal(HttpStatusCode.NoContent, progress.StatusCode);
    }

    // --- delete ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Delete_IsSoft_GoneFromCatalogueAndStudio_SlugFreeAgain_BuyersKeepIt()
    {
        var (org, creator, cookie) = await StudioAsync();
        var (item, _) = await _data.VideoAsync(org, creator, AccessType.Paid, "Going away");
        var buyer = await _data.UserAsync();
        await _data.PurchaseAsync(buyer, item);
        var buyerCookie = await _data.SessionCookieAsync(buyer);

        var deleted = await SendAsync(HttpMethod.Delete, $"/api/content/{item.Id}", cookie);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/content/{item.Id}", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/content/{item.Id}")).StatusCode);
        var catalogue = await (await _client.GetAsync($"/api/content?organizationId={org.Id}")).ReadAsync<PagedList<ContentDto>>();
        Assert.Empty(catalogue.Items);
        var studio = await (await SendAsync(HttpMethod.Get, $"/api/content?scope=mine&organizationId={org.Id}", cookie)).ReadAsync<PagedList<ContentDto>>();
        Assert.Empty(studio.Items);
        var again = await CreatedAsync(cookie, Written(org.Id, slug: item.Slug));
        Assert.Equal(item.Slug, again.Slug);

        var library = await (await SendAsync(HttpMethod.Get, "/api/access/user/library", buyerCookie)).ReadAsync<PagedList<LibraryItemDto>>();
        Assert.Equal([item.Id], library.Items.Select(i => i.Content.Id));
        await using var db = fixture.Db();
        Assert.NotNull((await db.Content.SingleAsync(c => c.Id == item.Id)).DeletedAt);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.NoContent)]
    [InlineData(Who.Admin, HttpStatusCode.NoContent)]
    [InlineData(Who.Owner, HttpStatusCode.NoContent)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.NoContent)]
    public async Task Delete_ByCaller_AnswersByTheirRole(Who who, HttpStatusCode status)
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Published");

        var response = await SendAsync(HttpMethod.Delete, $"/api/content/{item.Id}", await _data.CookieAsync(org, who));

        Assert.Equal(status, response.StatusCode);
        await using var db = fixture.Db();
        Assert.Equal(status == HttpStatusCode.NoContent, (await db.Content.SingleAsync(c => c.Id == item.Id)).DeletedAt is not null);
    }

    // --- slug availability -------------------------------------------------------------------------------------------

    [Fact]
    public async Task SlugAvailable_SaysWhetherItIsFree_AndSuggestsAFreeOne()
    {
        var (org, _, cookie) = await StudioAsync();
        var item = await CreatedAsync(cookie, Written(org.Id, slug: "my-slug"));
        await CreatedAsync(cookie, Written(org.Id, slug: "my-slug-2"));

        async Task<SlugAvailabilityDto> CheckAsync(string query) =>
            (await (await SendAsync(HttpMethod.Get, $"/api/content/slug-available?organizationId={org.Id}&{query}", cookie))
                .ReadAsync<DataEnvelope<SlugAvailabilityDto>>()).Data;

        Assert.Equal(new SlugAvailabilityDto(false, "my-slug-3"), await CheckAsync("slug=my-slug"));
        Assert.Equal(new SlugAvailabilityDto(true, "fresh"), await CheckAsync("slug=fresh"));
        Assert.Equal(new SlugAvailabilityDto(true, "my-slug"), await CheckAsync($"slug=my-slug&exceptId={item.Id}"));
    }

    [Fact]
    public async Task SlugAvailable_ErrorsAndCallers()
    {
        var org = await _data.OrganizationAsync();
        var owner = await _data.CookieAsync(org, Who.Owner);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, $"/api/content/slug-available?organizationId={org.Id}&slug=a-b", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"/api/content/slug-available?organizationId={org.Id}&slug=a-b",
            await _data.CookieAsync(org, Who.Member))).StatusCode);
        Assert.Equal(["organizationId", "slug"], (await (await SendAsync(HttpMethod.Get, "/api/content/slug-available", owner)).FieldErrorsAsync()).Order());
        Assert.Equal(["slug"], await (await SendAsync(HttpMethod.Get, $"/api/content/slug-available?organizationId={org.Id}&slug=Bad%20Slug", owner)).FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/content/slug-available?organizationId={Guid.NewGuid()}&slug=a-b", owner)).StatusCode);
    }

    // --- the studio's list ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task ScopeMine_WithAnOrganization_ListsAllItsItemsToItsManagers_ByStatus()
    {
        var (org, creator, cookie) = await StudioAsync();
        var colleague = await _data.UserAsync();
        var draft = await _data.ContentAsync(org, colleague, "Colleague's draft", status: ContentStatus.Draft, daysAgo: 1);
        var published = await _data.ContentAsync(org, creator, "Mine, published", daysAgo: 2);
        await _data.ContentAsync(org, creator, "Deleted", deleted: true);

        async Task<List<Guid>> ListAsync(string query, string? asCookie) =>
            (await (await SendAsync(HttpMethod.Get, $"/api/content?scope=mine&organizationId={org.Id}&sort=title{query}", asCookie))
                .ReadAsync<PagedList<ContentDto>>()).Items.Select(i => i.Id).ToList();

        Assert.Equal([draft.Id, published.Id], await ListAsync("", cookie));
        Assert.Equal([draft.Id], await ListAsync("&status=draft", cookie));
        Assert.Equal([published.Id], await ListAsync("&status=published", cookie));
        Assert.Equal([draft.Id, published.Id], await ListAsync("", await _data.CookieAsync(org, Who.PlatformAdmin)));
        var member = await SendAsync(HttpMethod.Get, $"/api/content?scope=mine&organizationId={org.Id}", await _data.CookieAsync(org, Who.Member));
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal(["status"], await (await _client.GetAsync("/api/content?status=draft")).FieldErrorsAsync());
        Assert.Equal(["status"], await (await SendAsync(HttpMethod.Get, "/api/content?scope=mine&status=archived", cookie)).FieldErrorsAsync());
    }
}
