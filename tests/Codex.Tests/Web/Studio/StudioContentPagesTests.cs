using System.Net;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Studio;

/// <summary>
/// The studio's content pages through HTTP against the whole system: list, new, edit, publish, unpublish, delete,
/// slug check and preview, each in both shapes, with forms submitted as a browser would.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class StudioContentPagesTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private static IElement Rows(IDocument page) => page.GetElementById(DomIds.StudioResults)!;

    private static string[] Titles(IDocument page) =>
        Rows(page).QuerySelectorAll("tbody tr th a").Select(a => a.TextContent.Trim()).ToArray();

    private static string StatusOf(IDocument page, string title) =>
        Rows(page).QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th a")!.TextContent.Trim() == title)
            .QuerySelector("td[data-label=Status] .badge")!.TextContent.Trim();

    private async Task<Data.ContentItem> StoredAsync(Guid id)
    {
        await using var db = fixture.Db();
        return await db.Content.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task Get_ContentList_FullPage_MarksDraftsAndLinksPublishedItemsToTheirPublicPage()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var draft = await _data.ContentAsync(cast.Org, cast.Creator, "Unfinished essay", status: ContentStatus.Draft);
        var published = await _data.ContentAsync(cast.Org, cast.Creator, "Finished talk", ContentType.Video, AccessType.Paid);

        var response = await cast.Browser.GetAsync(cast.Content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.False(response.Headers.CacheControl!.Public);
        var page = await response.ParseAsync();
        Assert.Equal($"Content | {cast.Org.Name} studio | Codex", page.Title);
        Assert.NotNull(page.QuerySelector("meta[name=robots][content=noindex]"));
        Assert.Equal(["Unfinished essay", "Finished talk"], Titles(page).Order().Reverse());
        Assert.Equal("Draft", StatusOf(page, "Unfinished essay"));
        Assert.Equal("Published", StatusOf(page, "Finished talk"));
        var paidRow = Rows(page).QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Finished talk"));
        Assert.Equal("$5.00", paidRow.QuerySelector("td[data-label=Access]")!.TextContent.Trim());
        Assert.Equal("Video", paidRow.QuerySelector("td[data-label=Type]")!.TextContent.Trim());
        Assert.NotNull(paidRow.QuerySelector($"a[href='/o/{cast.Org.Slug}/content/{published.Slug}']"));
        var draftRow = Rows(page).QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Unfinished essay"));
        Assert.NotNull(draftRow.QuerySelector($"a[href='{cast.Content}/{draft.Id}/edit']"));
        Assert.Null(draftRow.QuerySelector("a[href^='/o/']"));
        var form = page.GetElementById(DomIds.StudioSearchForm)!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal(cast.Content, form.GetAttribute("action"));
        Assert.Equal(cast.Content, form.GetAttribute("hx-get"));
        Assert.NotNull(page.QuerySelector("header.site-header a.nav-studio[href='/studio']"));
    }

    [Fact]
    public async Task Get_ContentList_AsHtmx_IsTheResultsFragment_FilteredBySearchAndStatus()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        await _data.ContentAsync(cast.Org, cast.Creator, "Kumquat draft", status: ContentStatus.Draft);
        await _data.ContentAsync(cast.Org, cast.Creator, "Kumquat published");
        await _data.ContentAsync(cast.Org, cast.Creator, "Other draft", status: ContentStatus.Draft);

        var response = await cast.Browser.SendAsync(Html.Htmx(cast.Content + "?q=kumquat&status=draft"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        var (raw, fragment) = await response.ParseFragmentAsync();
        Assert.DoesNotContain("<html", raw);
        Assert.StartsWith($"<section id=\"{DomIds.StudioResults}\"", raw.TrimStart());
        Assert.Equal(["Kumquat draft"], Titles(fragment));
    }

    [Fact]
    public async Task Get_ContentList_PagesThroughManyItems_WithTheSharedPagination()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        for (var i = 0; i < 22; i++) await _data.ContentAsync(cast.Org, cast.Creator, $"Item {i:00}", daysAgo: i);

        var first = await cast.Browser.PageAsync(cast.Content);
        var second = await cast.Browser.PageAsync(cast.Content + "?page=2");

        Assert.Equal(20, Titles(first).Length);
        Assert.Equal(["Item 20", "Item 21"], Titles(second));
        Assert.NotNull(first.QuerySelector($"nav.pagination a[rel=next][href='{cast.Content}?page=2'][hx-target='#{DomIds.StudioResults}']"));
    }

    [Fact]
    public async Task Get_ContentList_WithAOneLetterSearch_SaysSoWith400()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);

        var response = await cast.Browser.GetAsync(cast.Content + "?q=x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("at least 2 characters", page.QuerySelector("#studio-q-error")!.TextContent);
        Assert.Equal("x", page.GetElementById(DomIds.StudioSearch)!.GetAttribute("value"));
    }

    [Fact]
    public async Task Get_New_InBothShapes_HasTheWholeFormWithTheMediaPickerEmpty()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);

        var full = await cast.Browser.GetAsync(cast.Content + "/new");
        var fragment = await cast.Browser.SendAsync(Html.Htmx(cast.Content + "/new"));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var page = await full.ParseAsync();
        Assert.Equal("New item", page.QuerySelector("h1")!.TextContent.Trim());
        var form = page.GetElementById(DomIds.ContentForm)!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal(cast.Content + "/new", form.GetAttribute("action"));
        Assert.Equal(cast.Content + "/new", form.GetAttribute("hx-post"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        foreach (var id in new[] { "f-title", "f-slug", "f-description", "f-contenttype", "f-accesstype", "f-price", "f-tags", "f-mediaid", "f-contentbody" })
            Assert.NotNull(page.QuerySelector($"label[for={id}]"));
        Assert.Equal($"{cast.Content}/slug-check", form.QuerySelector("#f-slug")!.GetAttribute("hx-get"));
        Assert.Equal("true", form.QuerySelector("#f-slug")!.GetAttribute("data-slug-auto"));
        Assert.Equal(["No media yet"], form.QuerySelectorAll("#f-mediaid option").Select(o => o.TextContent.Trim()));
        Assert.Equal("written", form.QuerySelector("#f-contenttype option[selected]")!.GetAttribute("value"));
        Assert.Equal(cast.Content + "/preview", form.QuerySelector("button[formaction]")!.GetAttribute("formaction"));

        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<form id=\"{DomIds.ContentForm}\"", raw.TrimStart());
    }

    [Fact]
    public async Task Post_New_Valid_RedirectsToTheEditPage_AndTheItemIsADraftInTheList()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var form = await cast.Browser.PageAsync(cast.Content + "/new");

        var response = await cast.Browser.SubmitAsync(form, $"#{DomIds.ContentForm}",
            StudioCast.Fields(title: "Crème brûlée notes", access: "paid", price: "4.99", tags: "food, french ,food"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Matches($"^{cast.Content}/[0-9a-f-]{{36}}/edit$", location);
        var edit = await cast.Browser.FollowAsync(response);
        Assert.Contains("Crème brûlée notes", edit.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal("Draft", edit.QuerySelector($"#{DomIds.ContentStatus} .badge")!.TextContent.Trim());
        Assert.Equal("creme-brulee-notes", edit.QuerySelector("#f-slug")!.GetAttribute("value"));
        Assert.Equal("4.99", edit.QuerySelector("#f-price")!.GetAttribute("value"));
        var stored = await StoredAsync(Guid.Parse(location.Split('/')[^2]));
        Assert.Equal(499, stored.PriceCents);
        Assert.Equal(ContentStatus.Draft, stored.Status);
        Assert.Equal(["food", "french"], stored.Tags);
        Assert.Equal(cast.Org.Id, stored.OrganizationId);
        var list = await cast.Browser.PageAsync(cast.Content);
        Assert.Equal("Draft", StatusOf(list, "Crème brûlée notes"));
    }

    [Fact]
    public async Task Post_New_Invalid_Returns422_WithInlineErrorsLinkedFromASummary_KeepingEverythingTyped()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var form = await cast.Browser.PageAsync(cast.Content + "/new");

        var response = await cast.Browser.SubmitAsync(form, $"#{DomIds.ContentForm}",
            StudioCast.Fields(title: "", slug: "Not A Slug", access: "paid", price: "lots", tags: "kept, tags", body: "", description: "Kept description"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.NotNull(page.QuerySelector("header.site-header"));
        Assert.NotNull(page.QuerySelector("#f-title-error"));
        Assert.Contains("lower-case", page.QuerySelector("#f-slug-error")!.TextContent);
        Assert.Contains("4.99", page.QuerySelector("#f-price-error")!.TextContent);
        Assert.Contains("article", page.QuerySelector("#f-contentbody-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#f-price")!.GetAttribute("aria-invalid"));
        Assert.Contains("f-price-error", page.QuerySelector("#f-price")!.GetAttribute("aria-describedby"));
        var summary = page.GetElementById(DomIds.ErrorSummary)!;
        Assert.Equal("alert", summary.GetAttribute("role"));
        Assert.NotNull(summary.QuerySelector("a[href='#f-price']"));
        Assert.NotNull(summary.QuerySelector("a[href='#f-slug']"));
        Assert.Equal("Not A Slug", page.QuerySelector("#f-slug")!.GetAttribute("value"));
        Assert.Equal("lots", page.QuerySelector("#f-price")!.GetAttribute("value"));
        Assert.Equal("kept, tags", page.QuerySelector("#f-tags")!.GetAttribute("value"));
        Assert.Equal("Kept description", page.QuerySelector("#f-description")!.TextContent);
        Assert.Equal("paid", page.QuerySelector("#f-accesstype option[selected]")!.GetAttribute("value"));
        await using var db = fixture.Db();
        Assert.False(await db.Content.AnyAsync(c => c.OrganizationId == cast.Org.Id));
    }

    [Fact]
    public async Task Post_New_AsHtmx_Invalid_Returns422Fragment_Valid_ReturnsHxRedirect()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var form = await cast.Browser.PageAsync(cast.Content + "/new");

        var invalid = await cast.Browser.SendAsync(SiteBrowser.FormRequest(form, $"#{DomIds.ContentForm}",
            StudioCast.Fields(title: "Kept title", body: ""), htmx: true));
        var valid = await cast.Browser.SendAsync(SiteBrowser.FormRequest(form, $"#{DomIds.ContentForm}",
            StudioCast.Fields(title: "Htmx piece"), htmx: true));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var (raw, fragment) = await invalid.ParseFragmentAsync();
        Assert.StartsWith($"<form id=\"{DomIds.ContentForm}\"", raw.TrimStart());
        Assert.NotNull(fragment.QuerySelector("#f-contentbody-error"));
        Assert.Equal("Kept title", fragment.QuerySelector("#f-title")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Matches($"^{cast.Content}/[0-9a-f-]{{36}}/edit$", valid.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task Post_New_WithATakenSlug_ShowsTheWorkersRefusalOnTheSlugField()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var existing = await _data.ContentAsync(cast.Org, cast.Creator, "Already here");
        var form = await cast.Browser.PageAsync(cast.Content + "/new");

        var response = await cast.Browser.SubmitAsync(form, $"#{DomIds.ContentForm}", StudioCast.Fields(title: "Second", slug: existing.Slug));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("uses this address", page.QuerySelector("#f-slug-error")!.TextContent);
        Assert.Equal(existing.Slug, page.QuerySelector("#f-slug")!.GetAttribute("value"));
        Assert.Equal("Second", page.QuerySelector("#f-title")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Post_New_WithAMediaIdTheWorkerRefuses_MapsItsFieldErrorOntoTheMediaPicker()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var form = await cast.Browser.PageAsync(cast.Content + "/new");

        var response = await cast.Browser.SubmitAsync(form, $"#{DomIds.ContentForm}",
            StudioCast.Fields(title: "A video", type: "video", body: "", media: Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("No media file of this organization", page.QuerySelector("#f-mediaid-error")!.TextContent);
    }

    [Fact]
    public async Task TheMediaPicker_ListsTheOrganizationsFiles_AndAVideoMadeWithOneIsSavedWithIt()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var media = await _data.MediaAsync(cast.Org, cast.Creator);
        await _data.MediaAsync(await _data.OrganizationAsync(), cast.Creator); // another organization's: not offered
        var form = await cast.Browser.PageAsync(cast.Content + "/new");

        var options = form.QuerySelectorAll("#f-mediaid option").Select(o => (o.GetAttribute("value"), o.TextContent.Trim())).ToList();
        var response = await cast.Browser.SubmitAsync(form, $"#{DomIds.ContentForm}",
            StudioCast.Fields(title: "A film", type: "video", body: "", media: media.Id.ToString()));

        Assert.Equal([("", "None"), (media.Id.ToString("D"), "Test media (video, ready)")], options);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var edit = await cast.Browser.FollowAsync(response);
        Assert.Equal(media.Id.ToString("D"), edit.QuerySelector("#f-mediaid option[selected]")!.GetAttribute("value"));
        var published = await cast.Browser.SubmitAsync(edit, $"#{DomIds.ContentStatus} form", new());
        Assert.Equal(HttpStatusCode.SeeOther, published.StatusCode);
    }

    [Fact]
    public async Task Get_Edit_InBothShapes_ShowsTheStoredValuesAndTheStatusPanel()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var item = await _data.ContentAsync(cast.Org, cast.Creator, "Priced", access: AccessType.Paid, status: ContentStatus.Draft, body: "Hello *there*");
        var url = $"{cast.Content}/{item.Id}/edit";

        var page = await cast.Browser.PageAsync(url);
        var fragment = await cast.Browser.SendAsync(Html.Htmx(url));

        Assert.Equal("5.00", page.QuerySelector("#f-price")!.GetAttribute("value"));
        Assert.Equal(item.Slug, page.QuerySelector("#f-slug")!.GetAttribute("value"));
        Assert.Equal("false", page.QuerySelector("#f-slug")!.GetAttribute("data-slug-auto"));
        Assert.Equal("Hello *there*", page.QuerySelector("#f-contentbody")!.TextContent);
        Assert.Equal("test", page.QuerySelector("#f-tags")!.GetAttribute("value"));
        Assert.Equal(url, page.GetElementById(DomIds.ContentForm)!.GetAttribute("action"));
        var panel = page.GetElementById(DomIds.ContentStatus)!;
        Assert.Equal("Draft", panel.QuerySelector(".badge")!.TextContent.Trim());
        Assert.NotNull(panel.QuerySelector($"form[action='{cast.Content}/{item.Id}/publish'] input[name=__RequestVerificationToken]"));
        Assert.NotNull(panel.QuerySelector($"a[href='{cast.Content}/{item.Id}/delete'][hx-get]"));
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<form id=\"{DomIds.ContentForm}\"", raw.TrimStart());
    }

    [Fact]
    public async Task Get_Edit_OfAnotherOrganizationsItem_Is404()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var other = await _data.OrganizationAsync();
        var theirs = await _data.ContentAsync(other, cast.Creator, "Theirs");

        var response = await cast.Browser.GetAsync($"{cast.Content}/{theirs.Id}/edit");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_Edit_SavesEveryField_AndComesBackWithAFlash()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var item = await _data.ContentAsync(cast.Org, cast.Creator, "Before", status: ContentStatus.Draft, description: "Old");
        var page = await cast.Browser.PageAsync($"{cast.Content}/{item.Id}/edit");

        var response = await cast.Browser.SubmitAsync(page, $"#{DomIds.ContentForm}",
            StudioCast.Fields(title: "After", slug: "after-all", access: "members", tags: "", description: "", body: "New body"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var edit = await cast.Browser.FollowAsync(response);
        Assert.Contains("is saved", edit.GetElementById(DomIds.Flash)!.TextContent);
        var stored = await StoredAsync(item.Id);
        Assert.Equal("After", stored.Title);
        Assert.Equal("after-all", stored.Slug);
        Assert.Equal(AccessType.Members, stored.AccessType);
        Assert.Null(stored.Description);
        Assert.Empty(stored.Tags);
        Assert.Equal("New body", stored.ContentBody);
    }

    [Fact]
    public async Task Post_Edit_WithTheSlugOfAnotherItem_Is422OnTheSlug()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var item = await _data.ContentAsync(cast.Org, cast.Creator, "Mine", status: ContentStatus.Draft);
        var other = await _data.ContentAsync(cast.Org, cast.Creator, "Other");
        var page = await cast.Browser.PageAsync($"{cast.Content}/{item.Id}/edit");

        var response = await cast.Browser.SubmitAsync(page, $"#{DomIds.ContentForm}", StudioCast.Fields(title: "Mine", slug: other.Slug));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull((await response.ParseAsync()).QuerySelector("#f-slug-error"));
        Assert.Equal(item.Slug, (await StoredAsync(item.Id)).Slug);
    }

    [Fact]
    public async Task Publish_ThenUnpublish_ChangeTheStatus_WithPostRedirectGet()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var item = await _data.ContentAsync(cast.Org, cast.Creator, "Ready to go", status: ContentStatus.Draft);
        var edit = await cast.Browser.PageAsync($"{cast.Content}/{item.Id}/edit");

        var publish = await cast.Browser.SubmitAsync(edit, $"form[action='{cast.Content}/{item.Id}/publish']", new());
        Assert.Equal(HttpStatusCode.SeeOther, publish.StatusCode);
        var published = await cast.Browser.FollowAsync(publish);
        Assert.Contains("is published", published.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal("Published", published.QuerySelector($"#{DomIds.ContentStatus} .badge")!.TextContent.Trim());
        Assert.NotNull(published.QuerySelector($"#{DomIds.ContentStatus} a[href='/o/{cast.Org.Slug}/content/{item.Slug}']"));
        Assert.Equal(ContentStatus.Published, (await StoredAsync(item.Id)).Status);

        var unpublish = await cast.Browser.SubmitAsync(published, $"form[action='{cast.Content}/{item.Id}/unpublish']", new(), htmx: true);
        Assert.Equal(HttpStatusCode.OK, unpublish.StatusCode);
        Assert.Equal($"{cast.Content}/{item.Id}/edit", unpublish.Headers.GetValues("HX-Redirect").Single());
        Assert.Equal(ContentStatus.Draft, (await StoredAsync(item.Id)).Status);
    }

    [Fact]
    public async Task Publish_AVideoWhoseMediaIsNotReady_Is422_WithTheReasonAtThePublishButton_InBothShapes()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var (item, _) = await _data.VideoAsync(cast.Org, cast.Creator, mediaStatus: MediaStatus.Transcoding);
        await using (var db = fixture.Db())
        {
            db.Attach(item);
            item.Status = ContentStatus.Draft;
            item.PublishedAt = null;
            await db.SaveChangesAsync();
        }
        var edit = await cast.Browser.PageAsync($"{cast.Content}/{item.Id}/edit");
        var selector = $"form[action='{cast.Content}/{item.Id}/publish']";

        var full = await cast.Browser.SubmitAsync(edit, selector, new());
        var fragment = await cast.Browser.SubmitAsync(edit, selector, new(), htmx: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, full.StatusCode);
        var page = await full.ParseAsync();
        Assert.Contains("still being processed", page.QuerySelector($"#{DomIds.ContentStatus} #status-error")!.TextContent);
        Assert.NotNull(page.GetElementById(DomIds.ContentForm));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fragment.StatusCode);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<aside id=\"{DomIds.ContentStatus}\"", raw.TrimStart());
        Assert.Contains("still being processed", raw);
        Assert.Equal(ContentStatus.Draft, (await StoredAsync(item.Id)).Status);
    }

    [Fact]
    public async Task Delete_AsksFirst_OnAPageOrAsAFragment_ThenDeletesAndReturnsToTheList()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var item = await _data.ContentAsync(cast.Org, cast.Creator, "Doomed", status: ContentStatus.Draft);
        var url = $"{cast.Content}/{item.Id}/delete";

        var confirm = await cast.Browser.PageAsync(url);
        var fragment = await cast.Browser.SendAsync(Html.Htmx(url));

        Assert.Contains("Delete “Doomed”?", confirm.QuerySelector($"#{DomIds.DeleteConfirm} h2")!.TextContent);
        Assert.NotNull(confirm.QuerySelector($"#{DomIds.DeleteConfirm} a[href='{cast.Content}/{item.Id}/edit']"));
        Assert.Null((await StoredAsync(item.Id)).DeletedAt);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{DomIds.DeleteConfirm}\"", raw.TrimStart());

        var deleted = await cast.Browser.SubmitAsync(confirm, $"#{DomIds.DeleteConfirm} form", new());
        Assert.Equal(HttpStatusCode.SeeOther, deleted.StatusCode);
        var list = await cast.Browser.FollowAsync(deleted);
        Assert.Contains("is deleted", list.GetElementById(DomIds.Flash)!.TextContent);
        Assert.DoesNotContain("Doomed", Titles(list));
        Assert.NotNull((await StoredAsync(item.Id)).DeletedAt);
    }

    [Fact]
    public async Task Posts_WithoutTheAntiforgeryToken_AreRefused()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var item = await _data.ContentAsync(cast.Org, cast.Creator, "Safe", status: ContentStatus.Draft);

        var create = await cast.Browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, cast.Content + "/new")
        {
            Content = new FormUrlEncodedContent(StudioCast.Fields(title: "Forged")),
        });
        var delete = await cast.Browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{cast.Content}/{item.Id}/delete")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>()),
        });

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.Null((await StoredAsync(item.Id)).DeletedAt);
    }

    [Fact]
    public async Task SlugCheck_SaysFreeTakenOrMalformed_LeavingTheEditedItemOut()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var item = await _data.ContentAsync(cast.Org, cast.Creator, "Holder");

        async Task<string> CheckAsync(string query) =>
            (await (await cast.Browser.SendAsync(Html.Htmx($"{cast.Content}/slug-check?{query}"))).ParseFragmentAsync()).Raw;

        Assert.Contains("is free", await CheckAsync("slug=brand-new"));
        var taken = await CheckAsync("slug=" + item.Slug);
        Assert.Contains("Another item uses this address", taken);
        Assert.Contains(item.Slug + "-2", taken);
        Assert.Contains("is free", await CheckAsync($"slug={item.Slug}&exceptId={item.Id}"));
        Assert.Contains("like <code>bad-slug</code>", await CheckAsync("slug=Bad%20Slug"));
        Assert.StartsWith($"<p id=\"{DomIds.SlugStatus}\"", (await CheckAsync("slug=")).TrimStart());
    }

    [Fact]
    public async Task Preview_RendersTheMarkdownSanitised_AsAFragment_OrTheWholeFormWithoutJavaScript()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var page = await cast.Browser.PageAsync(cast.Content + "/new");
        var fields = StudioCast.Fields(title: "Previewed", body: "# Heading\n\n<script>alert(1)</script> [x](javascript:alert(1)) **strong**");

        var htmxRequest = SiteBrowser.FormRequest(page, $"#{DomIds.ContentForm}", fields, htmx: true);
        htmxRequest.RequestUri = new Uri(cast.Content + "/preview", UriKind.Relative);
        var fragment = await cast.Browser.SendAsync(htmxRequest);
        var plainRequest = SiteBrowser.FormRequest(page, $"#{DomIds.ContentForm}", fields);
        plainRequest.RequestUri = new Uri(cast.Content + "/preview", UriKind.Relative);
        var full = await cast.Browser.SendAsync(plainRequest);

        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        var (raw, preview) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<section id=\"{DomIds.ContentPreview}\"", raw.TrimStart());
        Assert.Equal("Heading", preview.QuerySelector(".prose h1")!.TextContent);
        Assert.Equal("strong", preview.QuerySelector(".prose strong")!.TextContent);
        Assert.Null(preview.QuerySelector(".prose script"));
        Assert.Null(preview.QuerySelector("a[href^='javascript']"));
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var whole = await full.ParseAsync();
        Assert.Equal("Previewed", whole.QuerySelector("#f-title")!.GetAttribute("value"));
        Assert.Equal("Heading", whole.QuerySelector($"#{DomIds.ContentPreview} .prose h1")!.TextContent);
    }
}
