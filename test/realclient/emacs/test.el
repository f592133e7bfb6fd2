;;; test.el --- Emacs 28 + eglot 1.9 as an LSP client of mailzone's language server -*- lexical-binding: t -*-
;;
;;   MAILZONE_SERVER=dist/server.js MAILZONE_FILE=x.zone MAILZONE_CODE=spf/soft-all MAILZONE_FIX=-all \
;;     emacs --batch -Q -l test/realclient/emacs/test.el
;;
;; Reports facts, one JSON object per line prefixed with MAILZONE_EMACS (diagnostics, hover, actions,
;; applied, after); the node test (test/realclient.test.mjs) makes the assertions.  Exits 0 when it
;; got through, 1 on an error.  Every wait is bounded.

(require 'package)
(package-initialize)
(dolist (d (append (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*")
                   (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa-src/*")))
  (add-to-list 'load-path d))
(require 'eglot)
(require 'json)
(require 'cl-lib)

(defvar mz-server (getenv "MAILZONE_SERVER"))
(defvar mz-file (getenv "MAILZONE_FILE"))
(defvar mz-code (or (getenv "MAILZONE_CODE") "spf/soft-all"))
(defvar mz-fix (or (getenv "MAILZONE_FIX") "-all"))
(defvar mz-diags nil "The last diagnostics published for mz-file (a vector of plists).")

(define-derived-mode zone-mode prog-mode "Zone" "Minimal major mode for DNS zone files.")
(define-derived-mode mz-yaml-mode prog-mode "YAML" "Minimal major mode for YAML files.")

(defun mz-emit (kind value)
  (princ (concat "MAILZONE_EMACS " (json-encode (list :kind kind :value value)) "\n")))

(cl-defmethod eglot-handle-notification :before
  (_server (_method (eql textDocument/publishDiagnostics)) &key uri diagnostics &allow-other-keys)
  (when (string-suffix-p (file-name-nondirectory mz-file) uri)
    (setq mz-diags diagnostics)))

(defun mz-wait (pred secs)
  (let ((end (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) end))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defun mz-code-of (d)
  (let ((c (plist-get d :code))) (if (numberp c) (number-to-string c) c)))

(defun mz-find (code)
  (cl-find-if (lambda (d) (equal (mz-code-of d) code)) (append mz-diags nil)))

(defun mz-diag-summary ()
  (vconcat
   (mapcar (lambda (d)
             (let* ((r (plist-get d :range)) (s (plist-get r :start)) (e (plist-get r :end)))
               (list :code (mz-code-of d)
                     :line (plist-get s :line) :character (plist-get s :character)
                     :endLine (plist-get e :line) :endCharacter (plist-get e :character)
                     :severity (plist-get d :severity) :message (plist-get d :message))))
           (append mz-diags nil))))

(defun mz-hover-text (h)
  (let ((c (and h (plist-get h :contents))))
    (cond ((null c) "")
          ((stringp c) c)
          ((plist-get c :value))
          ((vectorp c) (mapconcat (lambda (x) (if (stringp x) x (or (plist-get x :value) ""))) c "\n"))
          (t ""))))

(defun mz-main ()
  (unless (and mz-server mz-file) (error "MAILZONE_SERVER and MAILZONE_FILE must be set"))
  (let* ((buf (find-file-noselect mz-file))
         (dir (file-name-directory (expand-file-name mz-file)))
         (yaml (string-match-p "\\.ya?ml\\'" mz-file))
         (mode (if yaml 'mz-yaml-mode 'zone-mode)))
    (with-current-buffer buf
      (funcall mode)
      (eglot (list mode) (cons 'transient dir) 'eglot-lsp-server
             (list "node" mz-server "--stdio") (if yaml "yaml" "dns-zone"))
      (mz-emit "started" (list :file mz-file :managed (if (eglot-current-server) t :json-false)))
      (let ((got (mz-wait (lambda () (mz-find mz-code)) 15)))
        (mz-emit "diagnostics" (mz-diag-summary))
        (unless got (error "no %s diagnostic within 15 s" mz-code)))
      (let* ((server (eglot--current-server-or-lose))
             (d (mz-find mz-code))
             (range (plist-get d :range))
             (start (plist-get range :start))
             (docid (eglot--TextDocumentIdentifier))
             (hover (jsonrpc-request server :textDocument/hover
                                     (list :textDocument docid
                                           :position (list :line (plist-get start :line)
                                                           :character (1+ (plist-get start :character))))))
             (actions (append (jsonrpc-request server :textDocument/codeAction
                                               (list :textDocument docid :range range
                                                     :context (list :diagnostics (vector d))))
                              nil))
             (chosen (cl-find-if (lambda (a)
                                   (let ((title (plist-get a :title)))
                                     (and (string-match-p (regexp-quote mz-fix) title)
                                          (not (string-match-p "disable" (downcase title))))))
                                 actions)))
        (mz-emit "hover" (mz-hover-text hover))
        (mz-emit "actions" (vconcat (mapcar (lambda (a) (plist-get a :title)) actions)))
        (unless chosen (error "no action whose title contains %s" mz-fix))
        (when (and (not (plist-get chosen :edit)) (not (plist-get chosen :command)))
          (setq chosen (jsonrpc-request server :codeAction/resolve chosen)))
        (if (plist-get chosen :edit)
            (eglot--apply-workspace-edit (plist-get chosen :edit))
          (let ((cmd (plist-get chosen :command)))
            (jsonrpc-request server :workspace/executeCommand
                             (list :command (plist-get cmd :command) :arguments (plist-get cmd :arguments)))))
        (eglot--signal-textDocument/didChange)
        (mz-emit "applied"
                 (list :title (plist-get chosen :title)
                       :line (save-excursion
                               (goto-char (point-min))
                               (forward-line (plist-get start :line))
                               (buffer-substring-no-properties (line-beginning-position) (line-end-position)))))
        (let ((gone (mz-wait (lambda () (not (mz-find mz-code))) 10)))
          (mz-emit "after" (list :cleared (if gone t :json-false) :diagnostics (mz-diag-summary))))
        (set-buffer-modified-p nil)
        (ignore-errors (eglot-shutdown server))))))

(condition-case err
    (progn (mz-main) (mz-emit "done" t) (kill-emacs 0))
  (error (mz-emit "error" (error-message-string err)) (kill-emacs 1)))

;;; test.el ends here
