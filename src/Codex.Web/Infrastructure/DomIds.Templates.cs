namespace Codex.Web.Infrastructure;

/// <summary>Ids of the mail template pages (/admin/templates).</summary>
public static partial class DomIds
{
    public const string TemplateList = "template-list";
    public const string TemplateForm = "template-form";
    public const string TemplatePreview = "template-preview";
    public const string TemplatePreviewFrame = "template-preview-frame";
    public const string TemplateReset = "template-reset";
    public const string TemplateResetForm = "template-reset-form";
}
