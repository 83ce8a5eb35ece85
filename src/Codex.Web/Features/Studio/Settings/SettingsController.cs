using Codex.Contracts.Organizations;
using Codex.Web.Features.Studio.Shared;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;

namespace Codex.Web.Features.Studio.Settings;

/// <summary>
/// <c>/studio/{org}/settings</c> (owners and admins, and platform admins): profile, contact, features and branding in
/// one form, and the logo in a form of its own (a file upload saves at once). "Save" stores the form and redirects
/// back with a message; "Preview" shows the page again with the preview in the submitted colours and fonts, saving
/// nothing, which is the whole preview without JavaScript. With it, <c>brand-preview.js</c> points the preview's
/// stylesheet at <see cref="PreviewCss"/> as the inputs change, so the contrast rule is <see cref="BrandTheme"/>'s
/// alone, on both paths.
/// </summary>
[Authorize(Policy = Policies.OrganizationAdmin)]
public sealed class SettingsController(StudioOrganizations organizations, Catalogue catalogue, OrganizationClient api,
    IValidator<SettingsForm> validator) : Controller
{
    public const string PreviewCssPath = StudioPaths.Home + "/preview.css";
    public const string PreviewSelector = ".brand-preview";

    [HttpGet("/studio/{org}/settings")]
    public async Task<IActionResult> Index(string org, CancellationToken ct)
    {
        if (await LoadAsync(org, ct) is not var (organization, profile, settings)) return NotFound();
        return Page(new SettingsViewModel(organization, profile, settings, SettingsForm.From(profile, settings), Previewing: false, LogoProblem: null));
    }

    [HttpPost("/studio/{org}/settings")]
    public async Task<IActionResult> Save(string org, [FromForm] SettingsForm form, CancellationToken ct)
    {
        if (await LoadAsync(org, ct) is not var (organization, profile, settings)) return NotFound();
        var result = await validator.ValidateAsync(form, ct);
        foreach (var failure in result.Errors) ModelState.AddModelError(failure.PropertyName, failure.ErrorMessage);

        if (result.IsValid && !form.IsPreview)
        {
            // Two calls (profile, then settings), each checked here first by the workers' own validators, so what is
            // left to fail is mostly an outage. If the second one fails, the page says exactly what was saved (ADR 020)
            // and keeps everything typed; saving again is safe, both calls are idempotent.
            var profileSaved = false;
            try
            {
                await api.UpdateAsync(organization.Id, form.ToProfileRequest(), ct);
                profileSaved = true;
                // The logo keeps what is stored now (it has its own form), not what the page showed when it was opened.
                await api.PutSettingsAsync(organization.Id, form.ToSettingsRequest(settings?.Branding.LogoUrl ?? profile.LogoUrl), ct);
                await ForgetMembershipsAsync(ct);
                TempData[Flash.Key] = "Settings saved. Your space shows them now.";
                return PageResults.Redirect(HttpContext, StudioPaths.Settings(organization.Slug));
            }
            catch (WorkerCallException e) when (e.Status is StatusCodes.Status400BadRequest or StatusCodes.Status409Conflict or StatusCodes.Status422UnprocessableEntity)
            {
                ModelState.AddWorkerErrors(e, SettingsForm.FieldOf);
            }
            catch (WorkerUnavailableException)
            {
                ModelState.AddModelError("", profileSaved
                    ? "We couldn't reach Codex just now. Nothing you typed is lost: try again in a moment."
                    : "We couldn't reach Codex just now. Nothing was saved and nothing you typed is lost: try again in a moment.");
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
            if (profileSaved)
            {
                await ForgetMembershipsAsync(ct);
                ModelState.AddModelError("", PartlySaved);
            }
        }
        if (!ModelState.IsValid && Response.StatusCode == StatusCodes.Status200OK) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page(new SettingsViewModel(organization, profile, settings, form, Previewing: form.IsPreview, LogoProblem: null));
    }

    /// <summary>A new logo (a plain multipart form, with or without JavaScript): stored at once, then back to the page.</summary>
    [HttpPost("/studio/{org}/settings/logo")]
    [RequestSizeLimit(MaxLogoRequestBytes)]
    public async Task<IActionResult> UploadLogo(string org, IFormFile? file, CancellationToken ct)
    {
        if (await LoadAsync(org, ct) is not var (organization, profile, settings)) return NotFound();
        string problem;
        if (file is null || file.Length == 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            problem = "Choose a picture to upload.";
        }
        else if (file.Length > LogoRules.MaxBytes)
        {
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            problem = TooLarge;
        }
        else
        {
            try
            {
                await using var stream = file.OpenReadStream();
                await api.UploadLogoAsync(organization.Id, stream, file.FileName, ct);
                TempData[Flash.Key] = "Logo uploaded. Your space shows it now.";
                return PageResults.Redirect(HttpContext, StudioPaths.Settings(organization.Slug));
            }
            catch (WorkerCallException e) when (e.Status is StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge)
            {
                Response.StatusCode = e.Status;
                problem = e.Status == StatusCodes.Status413PayloadTooLarge ? TooLarge : e.FirstFieldMessage() ?? e.Error.Message;
            }
            catch (WorkerUnavailableException)
            {
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                problem = "We couldn't store the picture just now. Nothing changed; try again in a moment.";
            }
        }
        return Page(new SettingsViewModel(organization, profile, settings, SettingsForm.From(profile, settings), Previewing: false, problem));
    }

    [HttpPost("/studio/{org}/settings/logo/delete")]
    public async Task<IActionResult> RemoveLogo(string org, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        await api.DeleteLogoAsync(organization.Id, ct);
        TempData[Flash.Key] = "Logo removed.";
        return PageResults.Redirect(HttpContext, StudioPaths.Settings(organization.Slug));
    }

    /// <summary>
    /// The preview box's stylesheet for the colours and fonts in the query, through <see cref="BrandTheme"/> exactly as
    /// the space's own (what fails the patterns is ignored, what fails contrast falls back), plus the rules that show
    /// which colours fell back. It depends on the query alone.
    /// </summary>
    [HttpGet(PreviewCssPath)]
    [AllowAnonymous]
    public IActionResult PreviewCss(string? background, string? primary, string? secondary, string? accent, string? body, string? heading)
    {
        var branding = new BrandingDto(null, primary, secondary, accent, background, body, heading);
        var palette = BrandTheme.Resolve(branding);
        Response.Headers.CacheControl = "public, max-age=86400";
        return Content(PreviewStylesheet(branding, palette), "text/css; charset=utf-8");
    }

    /// <summary>The preview's stylesheet, and the URL it is served at for these values.</summary>
    public static string PreviewStylesheet(BrandingDto branding, BrandTheme.Palette palette)
    {
        var css = BrandTheme.Css(palette, PreviewSelector);
        var fallbacks = BrandTheme.FallbacksOf(branding, palette);
        if (fallbacks.Background) css += ".brand-note-background { display: block; }\n";
        if (fallbacks.Primary) css += ".brand-note-primary { display: block; }\n";
        if (fallbacks.Accent) css += ".brand-note-accent { display: block; }\n";
        return css;
    }

    public static string PreviewCssUrl(BrandingDto branding)
    {
        var query = new QueryBuilder();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) query.Add(key, value.Trim());
        }
        Add("background", branding.BackgroundColorHex);
        Add("primary", branding.PrimaryColorHex);
        Add("secondary", branding.SecondaryColorHex);
        Add("accent", branding.AccentColorHex);
        Add("body", branding.FontBody);
        Add("heading", branding.FontHeading);
        return PreviewCssPath + query.ToQueryString();
    }

    private const string TooLarge = "This picture is larger than 2 MB. Choose a smaller one.";

    private IActionResult Page(SettingsViewModel model) =>
        Request.WantsFragment() ? PartialView("_SettingsForm", model) : View("Index", model);

    /// <summary>
    /// The logo form's whole body: the 2 MB file plus the multipart envelope and the antiforgery token. A larger body is
    /// refused with the 413 page as it arrives, before the site buffers it (the file's own limit is checked below).
    /// </summary>
    public const long MaxLogoRequestBytes = LogoRules.MaxBytes + 64 * 1024;

    /// <summary>Said when the profile was saved and the settings were not.</summary>
    public const string PartlySaved = "The name, description and website were saved. The branding, features and contact were not: "
        + "save again to store them.";

    /// <summary>The studio's header shows the name from the caller's cached memberships.</summary>
    private async Task ForgetMembershipsAsync(CancellationToken ct)
    {
        if (User.UserId() is { } userId) await HttpContext.RequestServices.GetRequiredService<Memberships>().ForgetAsync(userId, ct);
    }

    /// <summary>The organization of the URL, as the caller may run it, with its profile and settings; null when unknown.</summary>
    private async Task<(StudioOrganization, OrganizationDto, OrganizationSettingsDto?)?> LoadAsync(string org, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return null;
        if (await catalogue.GetOrganizationAsync(organization.Slug, ct) is not { } profile) return null;
        return (organization, profile, await catalogue.GetSettingsAsync(profile, ct));
    }
}

/// <summary>/studio/{org}/settings: the form as typed (or stored), and the preview of it.</summary>
public sealed record SettingsViewModel(StudioOrganization Organization, OrganizationDto Profile, OrganizationSettingsDto? Settings,
    SettingsForm Form, bool Previewing, string? LogoProblem)
{
    public string Slug => Organization.Slug;

    /// <summary>The logo stored now (the branding's, else the organization's).</summary>
    public string? LogoUrl => Settings?.Branding.LogoUrl ?? Profile.LogoUrl;

    public BrandingDto Branding => Form.ToBranding(LogoUrl);

    public BrandTheme.Palette Palette => BrandTheme.Resolve(Branding);

    public BrandTheme.Fallbacks Fallbacks => BrandTheme.FallbacksOf(Branding, Palette);

    public string PreviewCssUrl => SettingsController.PreviewCssUrl(Branding);

    /// <summary>The name the preview shows: as typed, else the stored one.</summary>
    public string PreviewName => string.IsNullOrWhiteSpace(Form.Name) ? Profile.Name : Form.Name.Trim();
}

/// <summary>One colour of the branding section: its text field, its picker, and the default it falls back to.</summary>
public sealed record ColorFieldModel(string Name, string Label, string Hint, ColorInput Input, string Default, string? Error);
