using Codex.Contracts.Notifications;

namespace Codex.Web.Features.Admin.Templates;

/// <summary>Where the template pages are.</summary>
public static class TemplatePaths
{
    public static string Index => SiteRoutes.AdminTemplates;
    public static string Edit(string name) => $"{SiteRoutes.AdminTemplates}/{Uri.EscapeDataString(name)}";
    public static string Preview(string name) => Edit(name) + "/preview";
    public static string Reset(string name) => Edit(name) + "/reset";
}

/// <summary>/admin/templates: every mail with its subject and whether it was edited; null templates when the worker did not answer.</summary>
public sealed record TemplateListViewModel(IReadOnlyList<EmailTemplateDto>? Templates)
{
    public static string Label(string name) => EmailTemplateCatalog.Find(name)?.Label ?? name;
}

/// <summary>
/// /admin/templates/{name}: the form as typed (null when there is nothing to edit: the worker did not answer), the
/// template as stored (null when the worker did not answer), and the preview when one was rendered (or why it could not be).
/// </summary>
public sealed record TemplateEditorViewModel(EmailTemplateDefinition Definition, TemplateForm? Form, EmailTemplateDto? Stored)
{
    public TemplatePreviewViewModel Preview { get; init; } = new(Definition.Name, null, []);
}

/// <summary>The preview region: the rendered mail, or the problems that keep the draft from rendering, or nothing yet.</summary>
public sealed record TemplatePreviewViewModel(string Name, RenderedEmailDto? Mail, IReadOnlyList<string> Problems)
{
    public bool Unavailable { get; init; }
}

/// <summary>The confirmation before a reset.</summary>
public sealed record TemplateResetViewModel(EmailTemplateDefinition Definition, EmailTemplateDto Stored);
